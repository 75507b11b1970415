FROM ubuntu:22.04
ARG DEBIAN_FRONTEND=noninteractive

RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl git jq openssh-client unzip \
    && rm -rf /var/lib/apt/lists/*

ARG KUBECTL_VERSION=v1.29.2
ADD https://dl.example.com/kubernetes-release/release/${KUBECTL_VERSION}/bin/linux/amd64/kubectl /usr/local/bin/kubectl
# label: layer-rewrite
RUN chmod +x /usr/local/bin/kubectl

ARG HELM_VERSION=3.14.2
RUN curl -fsSL "https://get.example.com/helm/helm-v${HELM_VERSION}-linux-amd64.tar.gz" \
    | tar -xz -C /usr/local/bin --strip-components=1 linux-amd64/helm

ARG TF_VERSION=1.7.4
# label: layer-archive, layer-deleted-later
ADD https://releases.example.com/terraform/${TF_VERSION}/terraform_${TF_VERSION}_linux_amd64.zip /tmp/terraform.zip
RUN unzip /tmp/terraform.zip -d /usr/local/bin && rm /tmp/terraform.zip

RUN curl -fsSLo /usr/local/bin/yq https://github.example.com/mikefarah/yq/releases/download/v4.42.1/yq_linux_amd64 \
    && chmod +x /usr/local/bin/yq

COPY ci/known_hosts /root/.ssh/known_hosts
# label: layer-secret
COPY ci/.git-credentials /root/.git-credentials
RUN git config --global credential.helper store \
    && git config --global user.email ci@example.com

WORKDIR /workspace
CMD ["bash"]
