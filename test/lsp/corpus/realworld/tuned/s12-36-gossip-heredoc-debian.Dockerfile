FROM debian:bookworm-slim

RUN <<'EOF'
set -eux
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl xz-utils
curl -fsSL "https://dl.example.org/gossipd/v3.2.0/gossipd-3.2.0-linux-x86_64.tar.xz" -o /tmp/gossipd.tar.xz
mkdir -p /opt/gossipd
tar -xJf /tmp/gossipd.tar.xz -C /opt/gossipd --strip-components=1
rm /tmp/gossipd.tar.xz
find /opt/gossipd -name '*.md' \( -path '*/docs/*' -o -path '*/examples/*' \) -delete
apt-get purge -y --auto-remove xz-utils
rm -rf /var/lib/apt/lists/*
EOF

COPY gossipd.toml /etc/gossipd/gossipd.toml
# label: layer-rewrite
RUN sed -i 's/^bind = .*/bind = "0.0.0.0:7946"/' /etc/gossipd/gossipd.toml

ENV PATH=/opt/gossipd/bin:$PATH
EXPOSE 7946
CMD ["gossipd", "--config", "/etc/gossipd/gossipd.toml"]
