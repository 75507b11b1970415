FROM alpine:3.20

RUN apk add --no-cache curl

ARG GIZMO_VERSION=2.7.1
WORKDIR /tmp

# label: layer-archive, layer-deleted-later
RUN curl -fsSLO https://example.com/dl/gizmo-${GIZMO_VERSION}-linux-amd64.tar.gz
RUN tar -xzf gizmo-${GIZMO_VERSION}-linux-amd64.tar.gz -C /usr/local/bin
# label: layer-rewrite
RUN chmod +x /usr/local/bin/gizmo
RUN rm gizmo-${GIZMO_VERSION}-linux-amd64.tar.gz

WORKDIR /
ENTRYPOINT ["gizmo"]
