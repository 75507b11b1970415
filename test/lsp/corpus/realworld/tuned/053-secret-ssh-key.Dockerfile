FROM alpine:3.20
RUN apk add --no-cache git openssh-client
# label: layer-secret
COPY deploy_key /root/.ssh/id_ed25519
RUN git clone git@example.com:team/tools.git /opt/tools
