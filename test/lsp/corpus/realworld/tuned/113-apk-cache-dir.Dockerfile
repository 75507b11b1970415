FROM alpine:3.20
# label: layer-cache
RUN apk add --cache-dir /var/cache/pkgs git && echo ok
