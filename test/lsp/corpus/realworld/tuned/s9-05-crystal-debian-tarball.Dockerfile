FROM debian:bookworm-slim

ARG CRYSTAL_VERSION=1.11.2
ENV CRYSTAL_URL=https://downloads.example.com/crystal/${CRYSTAL_VERSION}/crystal-${CRYSTAL_VERSION}-1-linux-x86_64.tar.gz

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates curl gcc libgc-dev libpcre2-dev \
        libevent-dev libssl-dev libyaml-dev pkg-config git; \
    rm -rf /var/lib/apt/lists/*

# label: layer-archive, layer-deleted-later
RUN set -eux; cd /tmp; \
    curl -fsSLO "$CRYSTAL_URL"; \
    tar -xzf "${CRYSTAL_URL##*/}" -C /opt
RUN ln -s /opt/crystal-${CRYSTAL_VERSION}-1/bin/crystal /usr/local/bin/crystal \
    && ln -s /opt/crystal-${CRYSTAL_VERSION}-1/bin/shards /usr/local/bin/shards
RUN rm -f /tmp/crystal-*.tar.gz

WORKDIR /src
COPY . .
RUN shards install --production \
    && shards build --release --no-debug \
    && rm -rf /root/.cache/shards
EXPOSE 8080
CMD ["./bin/webhook"]
