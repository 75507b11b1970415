# syntax=docker/dockerfile:1.7
FROM ubuntu:24.04
ARG DEBIAN_FRONTEND=noninteractive
RUN <<EOT bash
  set -euo pipefail
  apt-get update
  apt-get install -y --no-install-recommends ca-certificates curl python3 python3-pip
  pip3 install --break-system-packages --no-cache-dir awscli==1.33.0
  apt-get purge -y --auto-remove python3-pip
  rm -rf /var/lib/apt/lists/*
EOT
COPY --chmod=0755 <<'EOF' /usr/local/bin/backup.sh
#!/bin/sh
set -e
aws s3 cp "/data/dump.sql.gz" "s3://$BUCKET/$(date +%F).sql.gz"
EOF
RUN useradd -r -u 900 backup
USER backup
ENTRYPOINT ["/usr/local/bin/backup.sh"]
