FROM alpine:3.20

ARG TOOL_VERSION=1.8.5
ARG TARGETARCH=amd64

RUN apk add --no-cache ca-certificates git openssh-client curl unzip

RUN set -eux; \
    cd /tmp; \
    curl -fsSL -o tool.zip "https://releases.example.com/shapeform/${TOOL_VERSION}/shapeform_${TOOL_VERSION}_linux_${TARGETARCH}.zip"; \
    curl -fsSL -o SHA256SUMS "https://releases.example.com/shapeform/${TOOL_VERSION}/shapeform_${TOOL_VERSION}_SHA256SUMS"; \
    grep "linux_${TARGETARCH}.zip" SHA256SUMS | sed "s/shapeform_.*\.zip/tool.zip/" | sha256sum -c -; \
    unzip tool.zip -d /usr/local/bin; \
    rm -f tool.zip SHA256SUMS; \
    shapeform version

WORKDIR /workspace
ENTRYPOINT ["shapeform"]
