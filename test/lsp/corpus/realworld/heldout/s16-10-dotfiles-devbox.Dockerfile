FROM ubuntu:24.04
ENV DEBIAN_FRONTEND=noninteractive

# label: layer-cache
RUN apt-get update && apt-get install -y zsh git curl tmux fzf ripgrep sudo locales build-essential

# label: layer-archive
RUN curl -fsSLO https://example.com/neovim/nvim-linux64.tar.gz \
    && tar -C /opt -xzf nvim-linux64.tar.gz
ENV PATH=/opt/nvim-linux64/bin:$PATH

RUN useradd -m -s /bin/zsh dev && echo 'dev ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/dev
USER dev
WORKDIR /home/dev
RUN git clone --depth 1 https://example.com/dev/dotfiles.git /home/dev/.dotfiles \
    && /home/dev/.dotfiles/install.sh

# so I can push from inside the container
# label: layer-secret
COPY --chown=dev:dev ssh/id_ed25519 /home/dev/.ssh/id_ed25519
# label: layer-rewrite
RUN chmod 600 /home/dev/.ssh/id_ed25519
CMD ["zsh"]
