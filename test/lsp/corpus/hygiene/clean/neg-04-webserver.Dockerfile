FROM debian:bookworm-slim

ENV WEB_VERSION 1.27.0
ENV PKG_RELEASE 1~bookworm

RUN set -x \
    && groupadd --system --gid 101 web \
    && useradd --system --gid web --no-create-home --home /nonexistent --shell /bin/false --uid 101 web \
    && apt-get update \
    && apt-get install --no-install-recommends --no-install-suggests -y gnupg1 ca-certificates \
    && \
    KEY=0000000000000000000000000000000000000000; \
    export GNUPGHOME="$(mktemp -d)"; \
    gpg1 --batch --keyserver hkp://keyserver.example.org:80 --recv-keys "$KEY"; \
    gpg1 --batch --export "$KEY" > /etc/apt/keyrings/web.gpg ; \
    rm -rf "$GNUPGHOME"; \
    apt-get remove --purge --auto-remove -y gnupg1 && rm -rf /var/lib/apt/lists/* \
    && echo "deb [signed-by=/etc/apt/keyrings/web.gpg] https://pkgs.example.org/debian/ bookworm web" >> /etc/apt/sources.list.d/web.list \
    && apt-get update \
    && apt-get install --no-install-recommends --no-install-suggests -y web=${WEB_VERSION}-${PKG_RELEASE} gettext-base curl \
    && apt-get remove --purge --auto-remove -y && rm -rf /var/lib/apt/lists/* /etc/apt/sources.list.d/web.list \
    && ln -sf /dev/stdout /var/log/web/access.log \
    && ln -sf /dev/stderr /var/log/web/error.log \
    && mkdir /docker-entrypoint.d

COPY docker-entrypoint.sh /
COPY 10-listen-on-ipv6-by-default.sh /docker-entrypoint.d
COPY 20-envsubst-on-templates.sh /docker-entrypoint.d
ENTRYPOINT ["/docker-entrypoint.sh"]
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["web", "-g", "daemon off;"]
