FROM golang:1.22-alpine

RUN apk add --no-cache git make

WORKDIR /go/src/example.com/relay
# label: layer-archive
COPY third_party/vendor-assets.tar.gz /tmp
COPY go.mod go.sum ./
COPY cmd ./cmd
COPY internal ./internal
COPY config ./config
RUN mkdir -p web/static && tar -xzf /tmp/vendor-assets.tar.gz -C web/static

# module and build caches stay in this, the final, image
# label: layer-cache
RUN go build -o /usr/local/bin/relay ./cmd/relay

RUN adduser -D -H relay
# label: layer-rewrite
RUN chown -R relay:relay /go/src/example.com/relay/config

USER relay
EXPOSE 7000
CMD ["relay", "--config", "/go/src/example.com/relay/config/relay.toml"]
