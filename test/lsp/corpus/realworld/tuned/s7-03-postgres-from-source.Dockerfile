FROM debian:bookworm-slim

RUN set -eux; \
    groupadd -r postgres --gid=999; \
    useradd -r -g postgres --uid=999 --home-dir=/var/lib/postgresql --shell=/bin/bash postgres; \
    mkdir -p /var/lib/postgresql; \
    chown -R postgres:postgres /var/lib/postgresql

ENV PG_MAJOR 16
ENV PG_VERSION 16.2
ENV PG_SOURCE_URL https://ftp.example.org/pub/source/v16.2/postgresql-16.2.tar.bz2
ENV PATH /usr/local/pgsql/bin:$PATH

RUN set -eux; \
    savedAptMark="$(apt-mark showmanual)"; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
        bzip2 \
        ca-certificates \
        curl \
        gcc \
        libc6-dev \
        libicu-dev \
        libreadline-dev \
        libssl-dev \
        make \
        pkg-config \
        zlib1g-dev \
    ; \
    curl -fsSL -o postgresql.tar.bz2 "$PG_SOURCE_URL"; \
    mkdir -p /usr/src/postgresql; \
    tar --extract --file postgresql.tar.bz2 --directory /usr/src/postgresql --strip-components 1; \
    rm postgresql.tar.bz2; \
    cd /usr/src/postgresql; \
    ./configure --prefix=/usr/local/pgsql --with-openssl --with-icu; \
    make -j "$(nproc)" world-bin; \
    make install-world-bin; \
    cd /; \
    rm -rf /usr/src/postgresql /usr/local/pgsql/include; \
    apt-mark auto '.*' > /dev/null; \
    [ -z "$savedAptMark" ] || apt-mark manual $savedAptMark > /dev/null; \
    find /usr/local -type f -executable -exec ldd '{}' ';' \
        | awk '/=>/ { so = $(NF-1); if (index(so, "/usr/local/") == 1) { next }; gsub("^/(usr/)?", "", so); print so }' \
        | sort -u \
        | xargs -r dpkg-query --search \
        | cut -d: -f1 \
        | sort -u \
        | xargs -r apt-mark manual; \
    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \
    rm -rf /var/lib/apt/lists/*; \
    postgres --version

RUN mkdir -p /var/run/postgresql && chown -R postgres:postgres /var/run/postgresql && chmod 3777 /var/run/postgresql

ENV PGDATA /var/lib/postgresql/data
RUN mkdir -p "$PGDATA" && chown -R postgres:postgres "$PGDATA" && chmod 1777 "$PGDATA"
VOLUME /var/lib/postgresql/data

COPY docker-entrypoint.sh /usr/local/bin/
# label: layer-rewrite
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT ["docker-entrypoint.sh"]

STOPSIGNAL SIGINT
EXPOSE 5432
CMD ["postgres"]
