FROM debian:bookworm-slim

ENV LANG=en_US.UTF-8

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends tini ca-certificates locales tzdata; \
    sed -i 's/^# *\(en_US.UTF-8\)/\1/' /etc/locale.gen; \
    locale-gen; \
    rm -rf /usr/share/doc/* /usr/share/man/*; \
    apt-get clean; \
    rm -rf /var/lib/apt/lists/*

RUN set -eux; \
    groupadd -r -g 10001 app; \
    useradd -r -u 10001 -g app -m -d /home/app app; \
    mkdir -p /data; \
    chown app:app /data

COPY --chmod=0755 docker-entrypoint.sh /usr/local/bin/
USER app
WORKDIR /data
ENTRYPOINT ["/usr/bin/tini", "--", "docker-entrypoint.sh"]
