# Modelled on: CI helper images that clone private repositories over SSH with a deploy key copied into the build
FROM alpine:3.20
RUN apk add --no-cache git openssh-client \
    && mkdir -p -m 0700 /root/.ssh \
    && ssh-keyscan git.example.com >> /root/.ssh/known_hosts
# label: layer-secret, layer-deleted-later
COPY --chmod=600 deploy/id_ed25519 /root/.ssh/id_ed25519
COPY deploy/id_ed25519.pub /root/.ssh/id_ed25519.pub
RUN git clone --depth 1 git@git.example.com:platform/config-bundle.git /opt/config \
    && rm -f /root/.ssh/id_ed25519
WORKDIR /opt/config
CMD ["sh", "-c", "ls -la /opt/config"]
