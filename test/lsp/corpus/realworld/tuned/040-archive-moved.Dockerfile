FROM debian:bookworm-slim
# label: layer-archive
RUN curl -fsSLO https://example.com/pkg/collector-0.9.tgz \
    && tar -xzf collector-0.9.tgz -C /opt \
    && mv collector-0.9.tgz /opt/collector-0.9.tgz.orig
