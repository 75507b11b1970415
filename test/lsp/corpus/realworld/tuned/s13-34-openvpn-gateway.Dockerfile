FROM alpine:3.20

RUN apk add --no-cache openvpn easy-rsa iptables bash

COPY server.conf /etc/openvpn/server.conf
COPY pki/ca.crt pki/dh.pem pki/issued/server.crt /etc/openvpn/pki/
# label: layer-secret
COPY pki/private/server.key /etc/openvpn/pki/server.key
# label: layer-secret
COPY ta.key /etc/openvpn/ta.key

# label: layer-rewrite
RUN chmod 600 /etc/openvpn/pki/server.key /etc/openvpn/ta.key

COPY --chmod=0755 docker-entrypoint.sh /usr/local/bin/
EXPOSE 1194/udp
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["openvpn", "--config", "/etc/openvpn/server.conf"]
