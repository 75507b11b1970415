FROM debian:bookworm
WORKDIR /tmp
# label: layer-archive
RUN curl -fsSLO https://example.org/node/node-v20.15.0-linux-x64.tar.xz \
    && tar -xJf node-v*-linux-x64.tar.xz -C /usr/local --strip-components=1
