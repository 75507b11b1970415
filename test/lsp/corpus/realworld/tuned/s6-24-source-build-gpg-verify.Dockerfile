FROM debian:bookworm-slim

RUN set -eux; \
    groupadd -r -g 999 keyval; \
    useradd -r -g keyval -u 999 keyval

ENV KEYVAL_VERSION=7.2.5
ENV KEYVAL_DOWNLOAD_URL=https://download.example.org/releases/keyval-7.2.5.tar.gz
ENV KEYVAL_SIGNING_KEY=A1B2C3D4E5F60718293A4B5C6D7E8F9012345678

RUN set -eux; \
    savedAptMark="$(apt-mark showmanual)"; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates wget gnupg dirmngr gcc libc6-dev make libssl-dev; \
    rm -rf /var/lib/apt/lists/*; \
    \
    wget -O keyval.tar.gz "$KEYVAL_DOWNLOAD_URL"; \
    wget -O keyval.tar.gz.asc "$KEYVAL_DOWNLOAD_URL.asc"; \
    export GNUPGHOME="$(mktemp -d)"; \
    gpg --batch --keyserver keyserver.ubuntu.com --recv-keys "$KEYVAL_SIGNING_KEY"; \
    gpg --batch --verify keyval.tar.gz.asc keyval.tar.gz; \
    gpgconf --kill all; \
    rm -rf "$GNUPGHOME" keyval.tar.gz.asc; \
    \
    mkdir -p /usr/src/keyval; \
    tar -xzf keyval.tar.gz -C /usr/src/keyval --strip-components=1; \
    rm keyval.tar.gz; \
    make -C /usr/src/keyval -j "$(nproc)" BUILD_TLS=yes; \
    make -C /usr/src/keyval install; \
    rm -r /usr/src/keyval; \
    \
    apt-mark auto '.*' > /dev/null; \
    [ -z "$savedAptMark" ] || apt-mark manual $savedAptMark > /dev/null; \
    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \
    keyval-server --version

RUN mkdir /data && chown keyval:keyval /data
VOLUME /data
WORKDIR /data

COPY --chmod=755 docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
EXPOSE 6390
CMD ["keyval-server"]
