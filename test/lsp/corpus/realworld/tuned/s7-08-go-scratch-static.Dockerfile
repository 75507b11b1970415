FROM golang:1.21-alpine3.19 AS builder

RUN apk add --no-cache git upx

WORKDIR /build
COPY go.mod .
COPY go.sum .
# modules stay in this stage only
RUN go mod download

COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -a -installsuffix cgo -ldflags '-s -w -extldflags "-static"' -o notifier . \
    && upx --best --lzma notifier

RUN adduser -D -H -u 10001 notifier \
    && grep notifier /etc/passwd > /etc/passwd.notifier

FROM scratch
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=builder /usr/share/zoneinfo /usr/share/zoneinfo
COPY --from=builder /etc/passwd.notifier /etc/passwd
COPY --from=builder /build/notifier /notifier
COPY templates/ /templates/
USER notifier
ENTRYPOINT ["/notifier"]
