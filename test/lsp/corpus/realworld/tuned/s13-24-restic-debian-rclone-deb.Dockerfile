FROM debian:bookworm-slim

ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl bzip2 \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/*

ARG RESTIC_VERSION=0.16.5
RUN bz2file="/tmp/restic.bz2" \
    && curl -fsSL -o "${bz2file}" "https://example.com/restic/v${RESTIC_VERSION}/restic_${RESTIC_VERSION}_linux_amd64.bz2" \
    && bunzip2 -c "${bz2file}" > /usr/local/bin/restic \
    && chmod 755 /usr/local/bin/restic \
    && rm "${bz2file}"

ARG RCLONE_VERSION=1.67.0
RUN debfile="/tmp/rclone.deb" \
    && curl -fsSL -o "${debfile}" "https://example.org/rclone/v${RCLONE_VERSION}/rclone-v${RCLONE_VERSION}-linux-amd64.deb" \
    && dpkg --install "${debfile}" \
    && rm "${debfile}"

COPY backup.sh /usr/local/bin/backup.sh
# label: layer-rewrite
RUN chmod 755 /usr/local/bin/backup.sh

ENTRYPOINT ["/usr/local/bin/backup.sh"]
