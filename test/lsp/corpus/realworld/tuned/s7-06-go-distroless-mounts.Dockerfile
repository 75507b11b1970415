# syntax=docker/dockerfile:1.6
ARG GO_VERSION=1.22

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build
ARG TARGETOS
ARG TARGETARCH
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends git make
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=bind,source=go.mod,target=go.mod \
    --mount=type=bind,source=go.sum,target=go.sum \
    go mod download -x
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=bind,target=. \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/shipper ./cmd/shipper

FROM gcr.io/distroless/static-debian12:nonroot AS final
COPY --from=build /out/shipper /usr/local/bin/shipper
COPY config/shipper.example.yaml /etc/shipper/shipper.yaml
USER nonroot:nonroot
EXPOSE 9000
ENTRYPOINT ["/usr/local/bin/shipper"]
