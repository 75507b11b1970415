FROM debian:bookworm-slim
ARG TARGETARCH
ENV TINI_VERSION=v0.19.0
ADD https://example.com/tini/releases/download/${TINI_VERSION}/tini-static-${TARGETARCH} /tini
# label: layer-rewrite
RUN chmod +x /tini
ENTRYPOINT ["/tini", "--"]
