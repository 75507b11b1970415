# syntax=docker/dockerfile:1
FROM debian:bookworm-slim

ARG KUBECTL_VERSION=v1.30.3
ARG KUBECTL_SHA256=abababababababababababababababababababababababababababababababab
ARG HELM_VERSION=v3.15.3
ARG HELM_SHA256=cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd

RUN <<'EOF'
set -eux
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl git
fetch() {
  curl -fsSLo "/tmp/$1" "$2"
  echo "$3  /tmp/$1" | sha256sum -c -
}
fetch kubectl "https://example.com/k8s/${KUBECTL_VERSION}/bin/linux/amd64/kubectl" "${KUBECTL_SHA256}"
install -m 0755 /tmp/kubectl /usr/local/bin/kubectl
fetch helm.tar.gz "https://example.com/helm/helm-${HELM_VERSION}-linux-amd64.tar.gz" "${HELM_SHA256}"
tar -xzf /tmp/helm.tar.gz -C /usr/local/bin --strip-components=1 linux-amd64/helm
rm -f /tmp/kubectl /tmp/helm.tar.gz
apt-get purge -y --auto-remove curl
rm -rf /var/lib/apt/lists/*
EOF

USER 65532:65532
ENTRYPOINT ["/bin/sh", "-c"]
