FROM debian:bookworm-slim
ARG TERRAFORM_VERSION=1.8.5
ARG HELM_VERSION=v3.15.2
ENV HELM_URL=https://get.example.com/helm/helm-${HELM_VERSION}-linux-amd64.tar.gz
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl unzip git openssh-client \
    && rm -rf /var/lib/apt/lists/*
RUN cd /tmp \
    && curl -fsSLO https://releases.example.com/terraform/${TERRAFORM_VERSION}/terraform_${TERRAFORM_VERSION}_linux_amd64.zip \
    && unzip terraform_${TERRAFORM_VERSION}_linux_amd64.zip -d /usr/local/bin \
    && rm terraform_${TERRAFORM_VERSION}_linux_amd64.zip
# label: layer-archive, layer-deleted-later
RUN curl -fsSL "$HELM_URL" -o /tmp/helm.tgz \
    && tar -xzf /tmp/helm.tgz -C /tmp \
    && mv /tmp/linux-amd64/helm /usr/local/bin/helm
# label: layer-rewrite
RUN chmod 0755 /usr/local/bin/terraform \
    && rm -rf /tmp/helm.tgz /tmp/linux-amd64
WORKDIR /workspace
ENTRYPOINT ["/bin/bash"]
