# syntax=docker/dockerfile:1.7
FROM python:3.12-slim

ENV PLATFORMIO_CORE_DIR=/opt/platformio

RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends git make
rm -rf /var/lib/apt/lists/*
EOF

# label: layer-cache
RUN pip install platformio==6.1.15

WORKDIR /firmware
COPY platformio.ini ./
# toolchains and frameworks for the board
RUN pio pkg install --environment esp32dev

COPY scripts/flash.sh /usr/local/bin/flash
# label: layer-rewrite
RUN chmod 0755 /usr/local/bin/flash

COPY src ./src
CMD ["pio", "run", "-e", "esp32dev"]
