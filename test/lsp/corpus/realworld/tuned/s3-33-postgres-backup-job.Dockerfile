# Modelled on: PostgreSQL backup/cron job images (postgres:*-alpine base, WAL archiving tool, crond)
FROM postgres:16-alpine
RUN apk add --no-cache aws-cli bash
ARG WALG_VERSION=3.0.3
# label: layer-archive
RUN wget -q -O /tmp/wal-tool.tar.gz "https://downloads.example.org/wal-tool/v${WALG_VERSION}/wal-tool-pg-amd64.tar.gz" \
    && tar -C /usr/local/bin -xzf /tmp/wal-tool.tar.gz
# label: layer-secret
COPY backup/.pgpass /root/.pgpass
# label: layer-rewrite
RUN chmod 0600 /root/.pgpass
# label: layer-secret
COPY backup/aws-credentials /root/.aws/credentials
COPY --chmod=755 backup/run-backup.sh /usr/local/bin/run-backup.sh
COPY backup/crontab /etc/crontabs/root
CMD ["crond", "-f", "-l", "2"]
