FROM debian:bookworm-slim

# tools for the healthcheck and the fetch below
# label: layer-cache
RUN apt-get update && apt-get install -y curl ca-certificates procps

ARG RELAY_VERSION=0.9.4
# label: layer-archive
ADD https://example.com/relay/relay-${RELAY_VERSION}.tar.gz /tmp/
RUN tar -xzf /tmp/relay-${RELAY_VERSION}.tar.gz -C /opt \
    && ln -s /opt/relay-${RELAY_VERSION}/bin/relay /usr/local/bin/relay

EXPOSE 7070
HEALTHCHECK CMD curl -fs http://localhost:7070/health || exit 1
CMD ["relay", "serve"]
