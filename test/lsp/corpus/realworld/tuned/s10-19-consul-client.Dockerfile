FROM debian:bookworm-slim

ENV CONSUL_VERSION=1.18.2
ENV HASHICORP_RELEASES=https://releases.example.com

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates curl unzip gnupg dumb-init iproute2; \
    cd /tmp; \
    curl -fsSLO "${HASHICORP_RELEASES}/consul/${CONSUL_VERSION}/consul_${CONSUL_VERSION}_linux_amd64.zip"; \
    curl -fsSLO "${HASHICORP_RELEASES}/consul/${CONSUL_VERSION}/consul_${CONSUL_VERSION}_SHA256SUMS"; \
    curl -fsSLO "${HASHICORP_RELEASES}/consul/${CONSUL_VERSION}/consul_${CONSUL_VERSION}_SHA256SUMS.sig"; \
    export GNUPGHOME="$(mktemp -d)"; \
    gpg --batch --keyserver hkps://keys.example.org --recv-keys C874011F0AB405110D02105534365D9472D7468F; \
    gpg --batch --verify consul_${CONSUL_VERSION}_SHA256SUMS.sig consul_${CONSUL_VERSION}_SHA256SUMS; \
    grep "consul_${CONSUL_VERSION}_linux_amd64.zip" consul_${CONSUL_VERSION}_SHA256SUMS | sha256sum -c; \
    unzip -d /usr/local/bin consul_${CONSUL_VERSION}_linux_amd64.zip; \
    rm -rf "$GNUPGHOME" consul_${CONSUL_VERSION}_*; \
    apt-get purge -y --auto-remove curl unzip gnupg; \
    rm -rf /var/lib/apt/lists/*; \
    consul version

RUN groupadd -r consul \
 && useradd -r -g consul -d /consul consul \
 && mkdir -p /consul/data /consul/config \
 && chown -R consul:consul /consul

COPY --chown=consul:consul client.json /consul/config/
# label: layer-secret
COPY --chown=consul:consul gossip-encryption.key /consul/config/

USER consul
VOLUME /consul/data
ENTRYPOINT ["dumb-init", "--", "consul", "agent", "-config-dir=/consul/config"]
