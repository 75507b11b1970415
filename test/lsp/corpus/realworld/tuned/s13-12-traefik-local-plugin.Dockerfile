FROM alpine:3.20 AS plugins

RUN apk add --no-cache git \
    && git clone --depth 1 https://example.com/traefik/ratelimit-plugin.git \
         /plugins-local/src/example.com/ratelimit \
    && rm -rf /plugins-local/src/example.com/ratelimit/.git

FROM traefik:v3.1

COPY --from=plugins /plugins-local /plugins-local
COPY traefik.yml /etc/traefik/traefik.yml
COPY dynamic/ /etc/traefik/dynamic/
COPY certs/wildcard.example.org.crt /certs/
# label: layer-secret
COPY certs/wildcard.example.org.key /certs/

EXPOSE 80 443 8080
