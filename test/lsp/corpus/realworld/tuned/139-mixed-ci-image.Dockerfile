FROM ubuntu:22.04
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends git curl unzip jq ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# label: layer-archive
RUN curl -fsSLo awscliv2.zip https://example.com/awscli-exe-linux-x86_64.zip \
 && unzip -q awscliv2.zip \
 && ./aws/install
RUN curl -fsSL https://example.com/get-helm.sh | bash
