FROM rockylinux:9

RUN dnf install -y epel-release \
    && dnf install -y wireguard-tools iproute iptables \
    && dnf clean all \
    && rm -rf /var/cache/dnf

COPY wg0.conf /etc/wireguard/wg0.conf
# label: layer-secret
COPY keys/privatekey /etc/wireguard/privatekey
COPY keys/publickey /etc/wireguard/publickey

CMD ["wg-quick", "up", "wg0"]
