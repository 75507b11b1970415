# syntax=docker/dockerfile:1.7
FROM ubuntu:24.04

ARG DEBIAN_FRONTEND=noninteractive
ARG TF_VERSION=2.15.0
ENV TF_URL=https://dl.example.com/libtensorflow/libtensorflow-cpu-linux-x86_64-${TF_VERSION}.tar.gz

# label: layer-cache
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl exiftool ffmpeg libheif1 rawtherapee
curl -fsSL -o /tmp/libtf.tar.gz "$TF_URL"
tar -C /usr/local -xzf /tmp/libtf.tar.gz
rm /tmp/libtf.tar.gz
ldconfig
apt-get clean
EOF

WORKDIR /opt/gallery
COPY dist/ ./
COPY --chmod=755 scripts/entrypoint.sh /usr/local/bin/entrypoint.sh

RUN useradd -m -u 1000 gallery \
 && mkdir -p /photos/originals /photos/cache \
 && chown -R gallery:gallery /photos

USER gallery
VOLUME ["/photos"]
EXPOSE 2342
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
CMD ["gallery", "start"]
