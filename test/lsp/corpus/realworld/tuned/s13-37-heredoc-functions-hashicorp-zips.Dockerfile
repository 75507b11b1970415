# syntax=docker/dockerfile:1
FROM ubuntu:22.04

ARG VAULT_VERSION=1.17.2
ARG TF_VERSION=1.9.3
SHELL ["/bin/bash", "-o", "pipefail", "-c"]

# label: layer-archive
RUN <<'EOF'
set -euo pipefail
install_pkgs() {
  apt-get install -y --no-install-recommends "$@"
}
fetch_zip() {
  local name="$1" url="$2"
  curl -fsSL -o "/tmp/${name}.zip" "${url}"
  unzip -q -o "/tmp/${name}.zip" -d /usr/local/bin
}
apt-get update
install_pkgs ca-certificates curl unzip
fetch_zip vault "https://example.com/vault/${VAULT_VERSION}/vault_${VAULT_VERSION}_linux_amd64.zip"
fetch_zip terraform "https://example.com/terraform/${TF_VERSION}/terraform_${TF_VERSION}_linux_amd64.zip"
vault version | grep -E "^Vault v[0-9]+\.[0-9]+\.[0-9]+"
terraform version | sed -n 's/^Terraform v\(.*\)$/\1/p'
rm -rf /var/lib/apt/lists/*
EOF

ENTRYPOINT ["/bin/bash"]
