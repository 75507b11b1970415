# syntax=docker/dockerfile:1
FROM ubuntu:24.04
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends git
rm -rf /var/lib/apt/lists/*
EOF
