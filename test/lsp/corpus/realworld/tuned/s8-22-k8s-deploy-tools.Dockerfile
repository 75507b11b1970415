FROM alpine:3.20

ARG KUBECTL_VERSION=v1.30.2
ARG HELM_VERSION=v3.15.2
ARG TF_VERSION=1.8.5

RUN apk add --no-cache bash curl git unzip openssh-client jq

RUN curl -fsSLo /usr/local/bin/kubectl \
      "https://dl.example.com/kubernetes/${KUBECTL_VERSION}/bin/linux/amd64/kubectl"
# label: layer-rewrite
RUN chmod +x /usr/local/bin/kubectl

# label: layer-archive
RUN curl -fsSLO "https://releases.example.com/terraform/${TF_VERSION}/terraform_${TF_VERSION}_linux_amd64.zip" \
    && unzip terraform_${TF_VERSION}_linux_amd64.zip -d /usr/local/bin

RUN curl -fsSL "https://get.example.com/helm/helm-${HELM_VERSION}-linux-amd64.tar.gz" \
      | tar -xz -C /tmp \
    && mv /tmp/linux-amd64/helm /usr/local/bin/helm \
    && rm -rf /tmp/linux-amd64

# the CI cluster's admin kubeconfig, baked in "for convenience"
# label: layer-secret
COPY kubeconfig.yaml /root/.kube/config

WORKDIR /deploy
COPY charts/ ./charts/
COPY terraform/ ./terraform/
ENTRYPOINT ["/bin/bash"]
