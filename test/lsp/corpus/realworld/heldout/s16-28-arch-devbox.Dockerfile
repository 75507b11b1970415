FROM archlinux:base-devel
# label: layer-cache
RUN pacman -Syu --noconfirm git neovim python python-pip nodejs npm && pacman -Scc --noconfirm
RUN useradd -m -G wheel hacker && echo '%wheel ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/wheel
USER hacker
WORKDIR /home/hacker
COPY --chown=hacker:hacker dotfiles/ /home/hacker/
CMD ["bash", "-l"]
