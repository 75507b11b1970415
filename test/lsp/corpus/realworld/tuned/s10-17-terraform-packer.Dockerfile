FROM alpine:3.20

ARG TF_VERSION=1.8.5
ARG PACKER_VERSION=1.11.0

RUN apk add --no-cache bash curl unzip git openssh-client jq

# terraform: download, unpack and remove in one layer
RUN curl -fsSLO "https://releases.example.com/terraform/${TF_VERSION}/terraform_${TF_VERSION}_linux_amd64.zip" \
    && unzip terraform_*_linux_amd64.zip -d /usr/local/bin \
    && rm terraform_*_linux_amd64.zip

# label: layer-archive, layer-deleted-later
ADD https://releases.example.com/packer/${PACKER_VERSION}/packer_${PACKER_VERSION}_linux_amd64.zip /tmp/packer.zip
RUN unzip /tmp/packer.zip -d /usr/local/bin && rm /tmp/packer.zip

# label: layer-rewrite
RUN chmod 0755 /usr/local/bin/packer /usr/local/bin/terraform

WORKDIR /workspace
ENTRYPOINT ["/bin/bash"]
