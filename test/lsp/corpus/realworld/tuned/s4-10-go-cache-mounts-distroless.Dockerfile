# Modelled on: Go multi-stage builds with BuildKit cache and bind mounts, distroless runtime with mTLS material
FROM golang:1.22-alpine AS build
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=bind,source=go.mod,target=go.mod \
    --mount=type=bind,source=go.sum,target=go.sum \
    go mod download
COPY cmd ./cmd
COPY internal ./internal
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/relay ./cmd/relay

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/relay /relay
COPY deploy/tls/ca.crt /etc/relay/ca.crt
COPY deploy/tls/relay.crt /etc/relay/tls.crt
# label: layer-secret
COPY deploy/tls/relay.key /etc/relay/tls.key
USER nonroot
ENTRYPOINT ["/relay"]
