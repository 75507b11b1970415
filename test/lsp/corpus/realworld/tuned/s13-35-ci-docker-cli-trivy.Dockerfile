FROM debian:bookworm-slim

ENV DOCKER_VERSION=27.1.1 \
    BUILDX_VERSION=v0.16.2

RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl git make \
 && rm -rf /var/lib/apt/lists/*

# static docker CLI, old-style tar flags, archive removed in the same RUN
RUN curl -fsSLO https://example.com/docker/static/docker-${DOCKER_VERSION}.tgz \
 && tar xzvf docker-${DOCKER_VERSION}.tgz --strip 1 -C /usr/local/bin docker/docker \
 && rm docker-${DOCKER_VERSION}.tgz

RUN mkdir -p /usr/local/lib/docker/cli-plugins \
 && curl -fsSLo /usr/local/lib/docker/cli-plugins/docker-buildx \
      https://example.com/buildx/${BUILDX_VERSION}/buildx-${BUILDX_VERSION}.linux-amd64 \
 && chmod +x /usr/local/lib/docker/cli-plugins/docker-buildx

# label: layer-archive
RUN cd /tmp \
 && curl -fsSLO https://example.com/trivy/v0.54.1/trivy_0.54.1_Linux-64bit.tar.gz \
 && tar -xzf trivy_0.54.1_Linux-64bit.tar.gz trivy \
 && mv trivy /usr/local/bin/

CMD ["docker", "version"]
