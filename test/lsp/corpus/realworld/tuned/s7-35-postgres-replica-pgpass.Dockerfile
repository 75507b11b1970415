FROM postgres:16-bookworm

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
        postgresql-16-pgvector \
        postgresql-16-cron \
    ; \
    rm -rf /var/lib/apt/lists/*

# WAL archiving to object storage
ARG WALG_VERSION=v3.0.0
# label: layer-archive
ADD https://github.example.com/wal-g/wal-g/releases/download/${WALG_VERSION}/wal-g-pg-ubuntu-20.04-amd64.tar.gz /tmp/
RUN tar xzf /tmp/wal-g-pg-ubuntu-20.04-amd64.tar.gz -C /usr/local/bin \
    && mv /usr/local/bin/wal-g-pg-ubuntu-20.04-amd64 /usr/local/bin/wal-g

COPY initdb/*.sql /docker-entrypoint-initdb.d/
COPY --chmod=0755 initdb/20-replication.sh /docker-entrypoint-initdb.d/

# the standby authenticates to the primary with this file
# label: layer-secret
COPY --chown=postgres:postgres replication/.pgpass /var/lib/postgresql/.pgpass
# label: layer-rewrite
RUN chmod 0600 /var/lib/postgresql/.pgpass

RUN mkdir -p /var/lib/postgresql/archive \
    && chown postgres:postgres /var/lib/postgresql/archive \
    && chmod 0700 /var/lib/postgresql/archive

CMD ["postgres", "-c", "shared_preload_libraries=pg_cron", "-c", "archive_mode=on"]
