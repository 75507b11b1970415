# Modelled on: SLE BCI / openSUSE Tumbleweed infrastructure tool images (zypper clean -a, release zips from ARG URLs)
FROM opensuse/tumbleweed
RUN zypper -n install -y curl tar gzip unzip git-core \
    && zypper -n clean -a \
    && rm -rf /var/log/zypp /var/log/zypper.log
ARG TF_VERSION=1.9.2
ARG TF_URL=https://releases.example.com/terraform/${TF_VERSION}/terraform_${TF_VERSION}_linux_amd64.zip
WORKDIR /tmp/build
# label: layer-archive
RUN curl -fsSLO "$TF_URL" && unzip terraform_${TF_VERSION}_linux_amd64.zip -d /usr/local/bin
ENV KUBECTL_URL=https://dl.example.com/kubernetes/v1.30.3/bin/linux/amd64/kubectl
RUN curl -fsSL -o /usr/local/bin/kubectl "$KUBECTL_URL" && chmod 0755 /usr/local/bin/kubectl
WORKDIR /work
ENTRYPOINT ["terraform"]
