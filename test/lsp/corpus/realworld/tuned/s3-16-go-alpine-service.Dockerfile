# Modelled on: Go service images (golang builder stage, static binary in an alpine runtime, non-root user)
FROM golang:1.22-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/api ./cmd/api

FROM alpine:3.20
RUN apk add --no-cache ca-certificates tzdata \
    && addgroup -S api && adduser -S -G api api
RUN mkdir -p /var/lib/api && chown api:api /var/lib/api
COPY --from=build /out/api /usr/local/bin/api
USER api
VOLUME /var/lib/api
ENTRYPOINT ["/usr/local/bin/api"]
