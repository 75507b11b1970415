FROM alpine:3.19

RUN apk add --no-cache wireguard-tools iptables ip6tables iproute2 bash

# the config is a template; the entrypoint fills in the key at start
COPY wg0.conf.tmpl /etc/wireguard/wg0.conf.tmpl
COPY --chmod=0644 keys/server_publickey /etc/wireguard/publickey
# label: layer-secret
COPY --chmod=0600 keys/server_privatekey /etc/wireguard/privatekey
COPY peers/ /etc/wireguard/peers/

COPY --chmod=0755 <<'EOF' /usr/local/bin/wg-up
#!/bin/bash
set -euo pipefail
sed "s|__PRIVATE_KEY__|$(cat /etc/wireguard/privatekey)|" /etc/wireguard/wg0.conf.tmpl > /run/wg0.conf
wg-quick up /run/wg0.conf
exec sleep infinity
EOF

EXPOSE 51820/udp
CMD ["/usr/local/bin/wg-up"]
