# syntax=docker/dockerfile:1.7
FROM debian:bookworm-slim

ARG KUBECTL_VERSION=v1.29.6
ARG TF_VERSION=1.8.5
ARG KUSTOMIZE_VERSION=v5.4.2

RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl unzip git \
    && rm -rf /var/lib/apt/lists/*

RUN set -eux; \
    curl -fsSLo /usr/local/bin/kubectl "https://dl.example.com/kubernetes/${KUBECTL_VERSION}/bin/linux/amd64/kubectl"; \
    chmod 0755 /usr/local/bin/kubectl; \
    cd /tmp; \
    curl -fsSLO "https://releases.example.com/terraform/${TF_VERSION}/terraform_${TF_VERSION}_linux_amd64.zip"; \
    unzip -o "terraform_${TF_VERSION}_linux_amd64.zip" terraform -d /usr/local/bin; \
    rm -f "terraform_${TF_VERSION}_linux_amd64.zip"; \
    curl -fsSL "https://releases.example.com/kustomize/${KUSTOMIZE_VERSION}/kustomize_linux_amd64.tar.gz" \
      | tar -xz -C /usr/local/bin kustomize

# the cluster CA is public; the credentials come in at run time
COPY cluster-ca.crt /etc/kube/cluster-ca.crt
COPY --chmod=0755 bin/render-and-apply.sh /usr/local/bin/render-and-apply

# only present while this RUN executes
RUN --mount=type=secret,id=kubeconfig,target=/root/.kube/config \
    kubectl version --client=true -o yaml > /etc/kube/client-version.yaml

RUN useradd -r -m deployer
USER deployer
ENTRYPOINT ["/usr/local/bin/render-and-apply"]
