# Modelled on: alpine CLI images that fetch release tarballs from an ENV URL (curl -LO, extraction through a glob, piped tar)
FROM alpine:3.20
RUN apk add --no-cache curl ca-certificates bash
ARG LINTKIT_VERSION=0.51.1
ENV RELEASE_URL=https://releases.example.com/lintkit/v${LINTKIT_VERSION}/lintkit_linux_amd64.tar.gz
WORKDIR /tmp/dl
# label: layer-archive
RUN curl -sSLO "$RELEASE_URL" \
    && tar -xzf lintkit_*.tar.gz \
    && mv lintkit /usr/local/bin/ \
    && mv lintkit_linux_amd64.tar.gz /opt/
RUN curl -sSL https://releases.example.com/yq/v4.44.1/yq_linux_amd64.tar.gz | tar -xz -C /usr/local/bin ./yq_linux_amd64 \
    && mv /usr/local/bin/yq_linux_amd64 /usr/local/bin/yq
WORKDIR /src
ENTRYPOINT ["lintkit"]
