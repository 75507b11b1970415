# syntax=docker/dockerfile:1
FROM ubuntu:24.04
# label: layer-cache
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends git curl
EOF
