FROM debian:bookworm-slim
ARG HELM_VERSION=3.15.2
# label: layer-archive
RUN curl -fsSLO https://example.com/helm/helm-v${HELM_VERSION}-linux-amd64.tar.gz \
    && tar -xzf helm-v${HELM_VERSION}-linux-amd64.tar.gz -C /usr/local/bin --strip-components=1 linux-amd64/helm
