FROM debian:bookworm-slim
COPY id_ed25519.pub /root/.ssh/authorized_keys
COPY known_hosts /root/.ssh/known_hosts
COPY nginx_signing.key /usr/share/keyrings/nginx-archive-keyring.key
