FROM alpine:3.20

RUN apk add --no-cache curl bash git

ARG KUBECTL_VERSION=v1.30.3
ARG KUSTOMIZE_URL=https://example.com/kustomize/v5.4.3/kustomize-linux-amd64

# plain binaries, made executable where they land
RUN set -eux; \
    curl -fsSLo /usr/local/bin/kubectl "https://example.com/k8s/${KUBECTL_VERSION}/bin/linux/amd64/kubectl"; \
    curl -fsSLo /usr/local/bin/kustomize "${KUSTOMIZE_URL}"; \
    for t in kubectl kustomize; do chmod 0755 "/usr/local/bin/$t"; done

# label: layer-archive, layer-deleted-later
RUN cd /tmp && curl -fsSLO https://example.com/helm/helm-v3.15.3-linux-amd64.tar.gz \
    && tar -zxvf helm-v3.15.3-linux-amd64.tar.gz \
    && mv linux-amd64/helm /usr/local/bin/helm

RUN helm version --short && kubectl version --client

RUN rm -rf /tmp/helm-v3.15.3-linux-amd64.tar.gz /tmp/linux-amd64
