# Modelled on: Alpine CI utility images (git mirror/sync jobs) using an apk cache mount and ADD --chmod
FROM alpine:3.19
RUN --mount=type=cache,target=/var/cache/apk apk add --update git openssh-client rsync
ADD --chmod=755 https://tools.example.com/mirror-sync/v1.4.0/mirror-sync /usr/local/bin/mirror-sync
# label: layer-secret
COPY .git-credentials /root/.git-credentials
COPY known_hosts /root/.ssh/known_hosts
# label: layer-rewrite
RUN chmod 600 /root/.git-credentials && git config --global credential.helper store
ENTRYPOINT ["mirror-sync"]
