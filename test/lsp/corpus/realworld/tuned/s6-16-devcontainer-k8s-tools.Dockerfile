FROM mcr.microsoft.com/devcontainers/base:bookworm

ARG KUBECTL_VERSION=1.30.2
ARG HELM_VERSION=3.15.2
ARG HADOLINT_VERSION=2.12.0

# corporate proxy root certificate (public)
COPY .devcontainer/certs/corp-root-ca.crt /usr/local/share/ca-certificates/corp-root-ca.crt
RUN update-ca-certificates

RUN apt-get update && export DEBIAN_FRONTEND=noninteractive \
    && apt-get -y install --no-install-recommends jq shellcheck bash-completion \
    && apt-get clean && rm -rf /var/lib/apt/lists/*

RUN curl -fsSL "https://dl.example.com/kubernetes/v${KUBECTL_VERSION}/bin/linux/amd64/kubectl" -o /usr/local/bin/kubectl \
    && chmod +x /usr/local/bin/kubectl \
    && kubectl completion bash > /etc/bash_completion.d/kubectl

# label: layer-archive
RUN cd /tmp \
    && curl -fsSLO "https://get.example.com/helm/helm-v${HELM_VERSION}-linux-amd64.tar.gz" \
    && tar -zxvf "helm-v${HELM_VERSION}-linux-amd64.tar.gz" \
    && mv linux-amd64/helm /usr/local/bin/helm \
    && rm -rf linux-amd64

RUN curl -fsSL -o /usr/local/bin/hadolint \
    "https://github.example.com/hadolint/hadolint/releases/download/v${HADOLINT_VERSION}/hadolint-Linux-x86_64"

# label: layer-rewrite
RUN chmod 755 /usr/local/bin/hadolint

USER vscode
