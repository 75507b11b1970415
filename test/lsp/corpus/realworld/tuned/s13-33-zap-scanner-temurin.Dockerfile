FROM eclipse-temurin:21-jre-jammy

ARG ZAP_VERSION=2.15.0
ARG ZAP_URL=https://example.org/zap/v${ZAP_VERSION}/ZAP_${ZAP_VERSION}_Linux.tar.gz

RUN apt-get update && apt-get install -y --no-install-recommends curl xvfb \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt
# streamed straight into tar: no archive file on disk
RUN curl -fsSL "$ZAP_URL" | tar -xz \
    && mv ZAP_${ZAP_VERSION} zap

# add-ons are loaded by ZAP as they are
COPY addons/ /opt/zap/plugin/

# label: layer-rewrite
RUN useradd -m zap && chown -R zap:zap /opt/zap

USER zap
WORKDIR /opt/zap
ENTRYPOINT ["./zap.sh", "-daemon", "-host", "0.0.0.0", "-port", "8090"]
