FROM debian:bookworm-slim

ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends borgbackup cron openssh-client tini \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb

COPY --chmod=0644 backup.cron /etc/cron.d/borg-backup
COPY --chmod=0755 backup.sh entrypoint.sh /usr/local/bin/
# public material only: the server's host key and our public key for reference
COPY known_hosts /root/.ssh/known_hosts
COPY id_ed25519.pub /root/.ssh/id_ed25519.pub

RUN crontab /etc/cron.d/borg-backup

ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/entrypoint.sh"]
CMD ["cron", "-f"]
