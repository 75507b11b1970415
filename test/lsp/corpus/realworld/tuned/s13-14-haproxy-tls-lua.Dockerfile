FROM haproxy:2.9-alpine

USER root
RUN apk add --no-cache lua5.4 lua5.4-socket

COPY haproxy.cfg /usr/local/etc/haproxy/haproxy.cfg
COPY lua/ /usr/local/etc/haproxy/lua/
# label: layer-secret
COPY certs/fullchain.pem certs/privkey.pem /usr/local/etc/haproxy/certs/

# label: layer-rewrite
RUN chown -R haproxy:haproxy /usr/local/etc/haproxy

USER haproxy
