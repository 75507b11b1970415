FROM alpine:3.19 AS certs
# label: layer-cache
RUN apk update && apk add ca-certificates tzdata
RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app

FROM golang:1.22-alpine AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=cache,target=/go/pkg/mod \
    CGO_ENABLED=0 go build -o /bin/webhook ./cmd/webhook

FROM scratch
COPY --from=certs /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=certs /usr/share/zoneinfo /usr/share/zoneinfo
COPY --from=certs /etc/passwd /etc/passwd
COPY --from=certs /etc/group /etc/group
COPY --from=build /bin/webhook /webhook
USER app
ENTRYPOINT ["/webhook"]
