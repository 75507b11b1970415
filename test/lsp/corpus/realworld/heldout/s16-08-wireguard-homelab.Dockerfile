FROM alpine:3.19
RUN apk add --no-cache wireguard-tools iptables ip6tables bash

# keys generated with wg genkey on the laptop
# label: layer-secret
COPY wg0/privatekey /etc/wireguard/privatekey
COPY wg0/publickey /etc/wireguard/publickey
# label: layer-rewrite
RUN chmod 600 /etc/wireguard/privatekey

COPY entrypoint.sh /entrypoint.sh
ENTRYPOINT ["/entrypoint.sh"]
