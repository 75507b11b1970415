# Modelled on: small Go services stripped and packed with upx in their builder stage (lemon-mint/Tiny-Auth-Service, imlonghao/bird2exporter)
FROM golang:1.22-alpine AS build
# label: layer-cache
RUN apk add git upx binutils
WORKDIR /app
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/authsvc ./cmd/authsvc
# label: layer-rewrite
RUN strip /out/authsvc
# label: layer-rewrite
RUN upx --lzma /out/authsvc

FROM alpine:3.20
# label: layer-cache
RUN apk add ca-certificates
COPY --from=build /out/authsvc /usr/local/bin/authsvc
USER 65534
ENTRYPOINT ["/usr/local/bin/authsvc"]
