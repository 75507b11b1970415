FROM debian:bookworm-slim

RUN apt-get update && \
    apt-get install -y --no-install-recommends openssh-server && \
    rm -rf /var/lib/apt/lists/* && \
    mkdir -p /run/sshd

RUN useradd -m -s /bin/bash jump

COPY sshd_config /etc/ssh/sshd_config
# keep the host identity stable across rebuilds
# label: layer-secret
COPY hostkeys/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key
COPY hostkeys/ssh_host_ed25519_key.pub /etc/ssh/ssh_host_ed25519_key.pub
COPY authorized_keys /home/jump/.ssh/authorized_keys

# label: layer-rewrite
RUN chown -R jump:jump /home/jump/.ssh \
    && chmod 600 /home/jump/.ssh/authorized_keys /etc/ssh/ssh_host_ed25519_key

# label: layer-rewrite
RUN sed -i 's/^#\?Port .*/Port 2222/' /etc/ssh/sshd_config

EXPOSE 2222
CMD ["/usr/sbin/sshd", "-D", "-e"]
