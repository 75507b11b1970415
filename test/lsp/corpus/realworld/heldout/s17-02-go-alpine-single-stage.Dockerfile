FROM golang:1.21-alpine
RUN apk add --no-cache git ca-certificates tzdata
WORKDIR /app
COPY go.mod go.sum ./
# label: layer-cache
RUN go mod download
COPY . .
# label: layer-cache
RUN go build -o /usr/local/bin/inventory ./cmd/inventory
RUN adduser -D -u 10001 inventory
USER inventory
EXPOSE 9000
HEALTHCHECK --interval=30s CMD wget -qO- http://127.0.0.1:9000/healthz || exit 1
CMD ["inventory"]
