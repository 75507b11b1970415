FROM opensuse/leap:15.6
# label: layer-cache
RUN zypper --non-interactive refresh \
    && zypper --non-interactive install --no-recommends openssh-server sudo \
    && zypper clean
COPY sshd_config /etc/ssh/sshd_config
# label: layer-secret
COPY keys/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key
COPY keys/ssh_host_ed25519_key.pub /etc/ssh/ssh_host_ed25519_key.pub
RUN useradd -m -s /bin/bash ops
COPY keys/authorized_keys /home/ops/.ssh/authorized_keys
EXPOSE 22
CMD ["/usr/sbin/sshd", "-D", "-e"]
