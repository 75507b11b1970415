FROM alpine:3.19
ARG VERSION=1.8.0
WORKDIR /opt
ENV DOWNLOAD_LINK="https://example.com/releases/download/${VERSION}/authcli_${VERSION}_linux_amd64.tar.gz"
# label: layer-archive
RUN apk add --no-cache curl && \
    curl -LO $DOWNLOAD_LINK && \
    tar -zxvf authcli* && \
    mv authcli* /usr/local/bin/
