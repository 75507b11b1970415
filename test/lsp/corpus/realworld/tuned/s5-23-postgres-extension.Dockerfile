# Modelled on: PostgreSQL images compiling an extension (PGXS) from a release tarball
FROM postgres:16-bookworm
ENV PGVEC_VERSION=0.6.2
# label: layer-deleted-later
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential postgresql-server-dev-16 \
    && rm -rf /var/lib/apt/lists/*
# label: layer-archive
ADD https://codeload.example.com/pgvec/tar.gz/refs/tags/v0.6.2 /tmp/pgvec.tar.gz
RUN cd /tmp && tar xzf pgvec.tar.gz \
    && cd pgvec-0.6.2 && make OPTFLAGS="" && make install \
    && cd / && rm -rf /tmp/pgvec-0.6.2
RUN apt-get purge -y --auto-remove build-essential postgresql-server-dev-16
COPY initdb/10-extensions.sql /docker-entrypoint-initdb.d/
