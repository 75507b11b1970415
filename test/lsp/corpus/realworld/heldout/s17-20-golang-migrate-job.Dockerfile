FROM alpine:3.20
ARG MIGRATE_VERSION=v4.17.1
RUN apk add --no-cache postgresql16-client
# label: layer-archive
RUN wget -q "https://dl.example.com/migrate/${MIGRATE_VERSION}/migrate.linux-amd64.tar.gz" -O /tmp/migrate.tar.gz \
    && tar -xzf /tmp/migrate.tar.gz -C /usr/local/bin migrate
# label: layer-rewrite
RUN chmod +x /usr/local/bin/migrate
COPY migrations/ /migrations/
# label: layer-secret
COPY deploy/.pgpass /root/.pgpass
COPY scripts/run-migrations.sh /usr/local/bin/run-migrations
ENTRYPOINT ["/usr/local/bin/run-migrations"]
