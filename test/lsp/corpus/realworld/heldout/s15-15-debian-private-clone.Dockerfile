FROM debian:bullseye

RUN apt-get update \
    && apt-get install -y --no-install-recommends git openssh-client ca-certificates \
    && rm -rf /var/lib/apt/lists/*

# deploy key for the private repo
# label: layer-secret, layer-deleted-later
COPY id_rsa /root/.ssh/id_rsa
# label: layer-rewrite
RUN chmod 600 /root/.ssh/id_rsa \
    && ssh-keyscan git.example.com >> /root/.ssh/known_hosts

RUN git clone --depth 1 git@git.example.com:tools/scripts.git /opt/scripts

RUN rm /root/.ssh/id_rsa

WORKDIR /opt/scripts
CMD ["./run.sh"]
