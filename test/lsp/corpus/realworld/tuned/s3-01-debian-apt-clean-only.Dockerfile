# Modelled on: Debian-based CLI tool images (buildpack-deps style apt layers, ops utility images)
FROM debian:bookworm-slim
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl gnupg \
    && rm -rf /var/lib/apt/lists/*
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends jq rsync openssh-client \
    && apt-get clean
ARG YQ_VERSION=4.44.2
RUN curl -fsSL "https://downloads.example.com/yq/v${YQ_VERSION}/yq_linux_amd64.tar.gz" \
    | tar -xz -C /usr/local/bin ./yq_linux_amd64 \
    && mv /usr/local/bin/yq_linux_amd64 /usr/local/bin/yq
COPY --chmod=755 docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
