FROM opensuse/leap:15.6

# label: layer-cache, layer-deleted-later
RUN zypper --non-interactive refresh \
 && zypper --non-interactive install -y curl jq unzip git-core tar gzip \
 && zypper clean

ARG HELM_VERSION=v3.15.2
# label: layer-archive
RUN curl -fsSL -o /tmp/helm.tar.gz "https://get.example.com/helm-${HELM_VERSION}-linux-amd64.tar.gz" \
 && tar -xzf /tmp/helm.tar.gz -C /usr/local/bin --strip-components=1 linux-amd64/helm

ARG KUBECTL_VERSION=v1.30.2
RUN curl -fsSL -o /usr/local/bin/kubectl "https://dl.example.com/release/${KUBECTL_VERSION}/bin/linux/amd64/kubectl" \
 && chmod +x /usr/local/bin/kubectl

RUN zypper --non-interactive install -y python311-pip \
 && zypper clean --all
RUN pip3.11 install --no-cache-dir awscli==1.33.13

WORKDIR /work
