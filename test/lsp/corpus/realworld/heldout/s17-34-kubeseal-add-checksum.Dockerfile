# syntax=docker/dockerfile:1.6
FROM alpine:3.19
ARG KUBESEAL_VERSION=0.26.0
RUN apk add --no-cache bash curl kubectl
# label: layer-archive, layer-deleted-later
ADD --checksum=sha256:9a8b7c6d5e4f30211f2e3d4c5b6a79880123456789abcdef0123456789abcdef \
    https://dl.example.com/kubeseal/v${KUBESEAL_VERSION}/kubeseal-${KUBESEAL_VERSION}-linux-amd64.tar.gz /tmp/
RUN tar -xzf /tmp/kubeseal-${KUBESEAL_VERSION}-linux-amd64.tar.gz -C /usr/local/bin kubeseal \
    && rm /tmp/kubeseal-${KUBESEAL_VERSION}-linux-amd64.tar.gz
# label: layer-rewrite
RUN chmod 0755 /usr/local/bin/kubeseal
COPY scripts/seal-all.sh /usr/local/bin/seal-all
ENTRYPOINT ["/usr/local/bin/seal-all"]
