FROM debian:bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends openssh-server \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/run/sshd \
 && rm -f /etc/ssh/ssh_host_*key* \
 && useradd -M -d /home/sftpuser -s /usr/sbin/nologin sftpuser

COPY sshd_config /etc/ssh/sshd_config
# a fixed host key so clients do not see a new fingerprint on every rebuild
# label: layer-secret
COPY host_keys/ssh_host_ed25519_key /etc/ssh/
COPY host_keys/ssh_host_ed25519_key.pub /etc/ssh/
COPY authorized_keys /home/sftpuser/.ssh/authorized_keys

# label: layer-rewrite
RUN chmod 600 /etc/ssh/ssh_host_ed25519_key \
 && mkdir -p /home/sftpuser/upload \
 && chown root:root /home/sftpuser \
 && chown -R sftpuser:sftpuser /home/sftpuser/.ssh /home/sftpuser/upload \
 && chmod 600 /home/sftpuser/.ssh/authorized_keys

EXPOSE 22
CMD ["/usr/sbin/sshd", "-D", "-e"]
