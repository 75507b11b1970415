# Modelled on: Fedora-based tool images (dnf without weak deps, release tarball URL from ARG/ENV, curl -O)
FROM fedora:40
RUN dnf install -y --setopt=install_weak_deps=False tar gzip git jq && dnf clean all
ARG HELMKIT_VERSION=0.162.0
ENV HELMKIT_URL=https://downloads.example.com/helmkit/v${HELMKIT_VERSION}/helmkit_${HELMKIT_VERSION}_linux_amd64.tar.gz
WORKDIR /opt/helmkit
# label: layer-archive
RUN curl -fsSLO "$HELMKIT_URL" \
    && tar -xzf helmkit_${HELMKIT_VERSION}_linux_amd64.tar.gz helmkit \
    && mv helmkit /usr/local/bin/
RUN curl -fsSL https://downloads.example.com/kubectl/v1.30.1/linux/amd64/kubectl -o /usr/local/bin/kubectl \
    && chmod 0755 /usr/local/bin/kubectl
WORKDIR /workspace
ENTRYPOINT ["helmkit"]
