FROM debian:bookworm-slim

RUN set -eux; \
    groupadd --gid 99 --system haproxy; \
    useradd --gid haproxy --home-dir /var/lib/haproxy --no-create-home --system --uid 99 haproxy; \
    mkdir /var/lib/haproxy; \
    chown haproxy:haproxy /var/lib/haproxy

ENV HAPROXY_VERSION 2.8.7
ENV HAPROXY_URL https://www.example.org/download/2.8/src/haproxy-2.8.7.tar.gz
ENV HAPROXY_SHA256 4d1b7fb8c6b8bb1ad0f5b1cc4bd59ba30a2c35b26d7a0d5af6e4b3c1c2e0a9f1

RUN set -eux; \
    \
    savedAptMark="$(apt-mark showmanual)"; \
    apt-get update && apt-get install -y --no-install-recommends \
        gcc libc6-dev liblua5.4-dev libpcre2-dev libssl-dev make wget ca-certificates \
    ; \
    rm -rf /var/lib/apt/lists/*; \
    \
    wget -O haproxy.tar.gz "$HAPROXY_URL"; \
    echo "$HAPROXY_SHA256 *haproxy.tar.gz" | sha256sum -c; \
    mkdir -p /usr/local/src/haproxy; \
    tar -xzf haproxy.tar.gz -C /usr/local/src/haproxy --strip-components=1; \
    rm haproxy.tar.gz; \
    \
    makeOpts=' \
        TARGET=linux-glibc \
        USE_GETADDRINFO=1 \
        USE_LUA=1 LUA_INC=/usr/include/lua5.4 \
        USE_OPENSSL=1 \
        USE_PCRE2=1 USE_PCRE2_JIT=1 \
        USE_PROMEX=1 \
    '; \
    nproc="$(nproc)"; \
    eval "make -C /usr/local/src/haproxy -j '$nproc' all $makeOpts"; \
    eval "make -C /usr/local/src/haproxy install-bin $makeOpts"; \
    \
    mkdir -p /usr/local/etc/haproxy; \
    cp -R /usr/local/src/haproxy/examples/errorfiles /usr/local/etc/haproxy/errors; \
    rm -rf /usr/local/src/haproxy; \
    \
    apt-mark auto '.*' > /dev/null; \
    [ -z "$savedAptMark" ] || apt-mark manual $savedAptMark; \
    find /usr/local -type f -executable -exec ldd '{}' ';' \
        | awk '/=>/ { so = $(NF-1); if (index(so, "/usr/local/") == 1) { next }; gsub("^/(usr/)?", "", so); print so }' \
        | sort -u \
        | xargs -r dpkg-query --search \
        | cut -d: -f1 \
        | sort -u \
        | xargs -r apt-mark manual \
    ; \
    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \
    \
    haproxy -v

STOPSIGNAL SIGUSR1

COPY --chmod=755 docker-entrypoint.sh /usr/local/bin/
COPY haproxy.cfg /usr/local/etc/haproxy/
ENTRYPOINT ["docker-entrypoint.sh"]

USER haproxy
WORKDIR /var/lib/haproxy
CMD ["haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
