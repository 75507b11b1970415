FROM debian:bookworm-slim

ARG DOCKER_VERSION=26.1.4
ARG BUILDX_VERSION=0.15.1

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates curl git openssh-client make; \
    rm -rf /var/lib/apt/lists/*

RUN set -eux; \
    curl -fsSL -o docker.tgz "https://download.example.com/linux/static/stable/x86_64/docker-${DOCKER_VERSION}.tgz"; \
    tar --extract --file docker.tgz --strip-components 1 --directory /usr/local/bin/ --no-same-owner; \
    rm docker.tgz; \
    docker --version

RUN set -eux; \
    mkdir -p /usr/local/lib/docker/cli-plugins; \
    curl -fsSL -o /usr/local/lib/docker/cli-plugins/docker-buildx \
        "https://github.example.com/docker/buildx/releases/download/v${BUILDX_VERSION}/buildx-v${BUILDX_VERSION}.linux-amd64"; \
    chmod +x /usr/local/lib/docker/cli-plugins/docker-buildx

# public host keys of the git server, not a secret
COPY ci/known_hosts /etc/ssh/ssh_known_hosts
COPY --chmod=755 ci/entrypoint.sh /usr/local/bin/ci-entrypoint

ENTRYPOINT ["ci-entrypoint"]
CMD ["sh"]
