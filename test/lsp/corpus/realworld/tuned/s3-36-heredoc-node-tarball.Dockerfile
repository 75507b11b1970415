# Modelled on: BuildKit heredoc Dockerfiles (RUN <<EOF bodies) installing a Node.js release tarball on Ubuntu
FROM ubuntu:24.04
ARG DEBIAN_FRONTEND=noninteractive
RUN <<EOT
set -eux
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl xz-utils
rm -rf /var/lib/apt/lists/*
EOT
ARG NODE_VERSION=20.15.1
# label: layer-archive, layer-deleted-later
RUN <<EOT
set -eux
cd /tmp
curl -fsSLO "https://nodejs.example.org/dist/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-x64.tar.xz"
tar -xJf "node-v${NODE_VERSION}-linux-x64.tar.xz" -C /usr/local --strip-components=1 --no-same-owner
node --version
EOT
RUN <<EOT
set -eux
find /usr/local/lib/node_modules/npm -type f \( -name '*.md' -o -name 'LICENSE*' \) -delete
rm -rf /usr/local/share/doc/node /usr/local/CHANGELOG.md
EOT
# label: layer-cache
RUN npm install -g yarn@1.22.22
WORKDIR /workspace
CMD ["bash"]
