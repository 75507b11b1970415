FROM debian:bookworm-slim

# label: layer-cache
RUN apt-get update && apt-get install -y openvpn easy-rsa iptables iproute2

RUN mkdir -p /etc/openvpn/server /etc/openvpn/ccd
COPY server.conf /etc/openvpn/server/server.conf
COPY pki/ca.crt pki/issued/vpn.example.org.crt /etc/openvpn/server/
# Diffie-Hellman parameters are public
COPY pki/dh.pem /etc/openvpn/server/
# label: layer-secret
COPY pki/private/vpn.example.org.key /etc/openvpn/server/
# label: layer-secret
COPY ta.key /etc/openvpn/server/

# label: layer-rewrite
RUN chmod 600 /etc/openvpn/server/*.key

EXPOSE 1194/udp
CMD ["openvpn", "--config", "/etc/openvpn/server/server.conf"]
