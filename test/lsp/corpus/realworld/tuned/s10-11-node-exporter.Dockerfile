FROM debian:bookworm-slim

ARG NE_VERSION=1.8.1
ARG ARCH=amd64

RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*

RUN curl -fsSL -o /tmp/node_exporter.tar.gz \
        "https://github.example.com/prometheus/node_exporter/releases/download/v${NE_VERSION}/node_exporter-${NE_VERSION}.linux-${ARCH}.tar.gz" \
    && tar -xzf /tmp/node_exporter.tar.gz -C /tmp \
    && mv /tmp/node_exporter-${NE_VERSION}.linux-${ARCH}/node_exporter /usr/local/bin/ \
    && rm -rf /tmp/node_exporter*

USER nobody
EXPOSE 9100
ENTRYPOINT ["/usr/local/bin/node_exporter"]
CMD ["--path.rootfs=/host"]
