# syntax=docker/dockerfile:1
FROM golang:1.22-bookworm AS build
WORKDIR /src
ENV GOPRIVATE=git.example.com/*
COPY go.mod go.sum ./
RUN --mount=type=ssh go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/deployer ./cmd/deployer

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/deployer /usr/local/bin/deployer
COPY deploy/cosign.pub /etc/deployer/cosign.pub
# label: layer-secret
COPY deploy/kubeconfig-staging /root/.kube/config

# offline GeoIP database shipped with the release
# label: layer-archive
COPY third_party/geoip-2024.tgz /tmp
RUN mkdir -p /usr/share/geoip && tar -xzf /tmp/geoip-2024.tgz -C /usr/share/geoip

ENTRYPOINT ["deployer"]
