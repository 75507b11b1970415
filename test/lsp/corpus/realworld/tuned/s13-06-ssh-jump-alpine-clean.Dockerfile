FROM alpine:3.20

# host keys are generated at build time by ssh-keygen, nothing is copied in
RUN apk add --no-cache openssh-server openssh-keygen \
    && ssh-keygen -A \
    && rm -f /etc/motd

COPY --chmod=0600 sshd_config /etc/ssh/sshd_config
# the user CA's public half only
COPY user_ca.pub /etc/ssh/user_ca.pub

RUN adduser -D -s /bin/sh jump \
    && passwd -u jump \
    && mkdir -p /home/jump/.ssh \
    && chmod 700 /home/jump/.ssh

EXPOSE 22
ENTRYPOINT ["/usr/sbin/sshd", "-D", "-e"]
