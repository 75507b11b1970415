# syntax=docker/dockerfile:1
FROM ubuntu:24.04
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl xz-utils
curl -fsSLo /tmp/zig.tar.xz https://example.com/zig/zig-linux-x86_64-0.13.0.tar.xz
tar -xJf /tmp/zig.tar.xz -C /opt
rm /tmp/zig.tar.xz
apt-get purge -y curl xz-utils
apt-get autoremove -y
rm -rf /var/lib/apt/lists/*
EOF
