# Modelled on: Debian images using BuildKit heredoc RUN blocks to add a vendor apt repository and agent
FROM debian:bookworm-slim
# label: layer-cache, layer-deleted-later
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl gnupg
find /etc/apt -name '*.list' -exec grep -H deb \{\} \;
EOF
RUN <<EOF
set -eu
curl -fsSL https://pkgs.example.org/keys/repo.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
echo "deb [signed-by=/usr/share/keyrings/example.gpg] https://pkgs.example.org/debian bookworm main" > /etc/apt/sources.list.d/example.list
apt-get update
apt-get install -y --no-install-recommends example-agent
rm -rf /var/lib/apt/lists/*
EOF
# label: layer-rewrite
RUN chmod 0640 /etc/example-agent/agent.yaml
CMD ["example-agent", "--config", "/etc/example-agent/agent.yaml"]
