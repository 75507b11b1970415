ARG CADDY_VERSION=2.8.4
FROM caddy:${CADDY_VERSION}-builder AS builder

# module and build caches stay in this stage only
RUN xcaddy build v2.8.4 \
    --with example.com/caddy-dns/exampledns \
    --with example.org/caddy/layer4 \
    --output /usr/bin/caddy

FROM caddy:${CADDY_VERSION}-alpine

RUN apk add --no-cache nss-tools
COPY --from=builder /usr/bin/caddy /usr/bin/caddy
COPY Caddyfile /etc/caddy/Caddyfile
