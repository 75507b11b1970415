# syntax=docker/dockerfile:1
FROM debian:bookworm-slim

# label: layer-cache
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends curl jq bash
EOF

COPY entrypoint.sh /usr/local/bin/
# label: layer-rewrite
RUN chmod +x /usr/local/bin/entrypoint.sh

ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
