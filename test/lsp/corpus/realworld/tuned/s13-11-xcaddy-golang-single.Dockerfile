FROM golang:1.22-alpine

RUN apk add --no-cache git ca-certificates

# one image for building and serving (quick hack for the lab box)
# label: layer-cache
RUN go install example.com/caddyserver/xcaddy/cmd/xcaddy@v0.4.2 \
    && xcaddy build v2.8.4 \
         --output /usr/bin/caddy \
         --with example.org/caddy/ratelimit

COPY Caddyfile /etc/caddy/Caddyfile
EXPOSE 80 443
CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile"]
