FROM debian:bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends openssh-client git rsync ca-certificates \
 && rm -rf /var/lib/apt/lists/*

RUN useradd -m -s /bin/bash deploy

# host keys and the public half only; the private key comes in via ssh-agent forwarding
COPY --chown=deploy:deploy ssh/known_hosts /home/deploy/.ssh/known_hosts
COPY --chown=deploy:deploy ssh/deploy_ed25519.pub /home/deploy/.ssh/authorized_keys
COPY --chown=deploy:deploy .env.example /home/deploy/app/.env.example
COPY certs/corp-root-ca.crt /usr/local/share/ca-certificates/corp-root-ca.crt
RUN update-ca-certificates

USER deploy
WORKDIR /home/deploy/app
ENTRYPOINT ["/usr/bin/rsync"]
