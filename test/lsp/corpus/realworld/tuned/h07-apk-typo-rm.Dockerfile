FROM alpine:3.18
# label: layer-cache
RUN apk update && \
    apk add curl && \
    rm -rf /var/cache/apk/*.tmp
