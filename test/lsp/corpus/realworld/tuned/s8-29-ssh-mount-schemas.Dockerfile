# syntax=docker/dockerfile:1.7
FROM alpine:3.20 AS src
RUN apk add --no-cache git openssh-client \
    && mkdir -p -m 0700 /root/.ssh \
    && ssh-keyscan git.example.com >> /root/.ssh/known_hosts
# the agent socket is forwarded for this RUN only
RUN --mount=type=ssh \
    git clone --depth 1 git@git.example.com:platform/schemas.git /schemas \
    && rm -rf /schemas/.git

FROM alpine:3.20
RUN apk add --no-cache openssh-server \
    && adduser -D -s /bin/sh ops \
    && ssh-keygen -A
# a public key: fine to ship
COPY --chown=ops:ops --chmod=0600 ops_id_ed25519.pub /home/ops/.ssh/authorized_keys
COPY --from=src /schemas /srv/schemas
COPY sshd_config /etc/ssh/sshd_config
EXPOSE 22
CMD ["/usr/sbin/sshd", "-D", "-e"]
