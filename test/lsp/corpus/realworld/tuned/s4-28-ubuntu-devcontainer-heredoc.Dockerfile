# Modelled on: devcontainer / CI runner images on ubuntu (heredoc RUN, sudo user, git settings for private modules)
FROM ubuntu:24.04
ARG DEBIAN_FRONTEND=noninteractive
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends git curl ca-certificates sudo zsh
rm -rf /var/lib/apt/lists/*
EOF
RUN useradd -m -s /bin/zsh dev && echo "dev ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/dev
COPY --chown=dev:dev .devcontainer/gitconfig /home/dev/.gitconfig
# label: layer-secret
COPY --chown=dev:dev .devcontainer/git-credentials /home/dev/.git-credentials
USER dev
WORKDIR /home/dev/workspace
