FROM golang:1.22 AS builder
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/homebot ./cmd/homebot

FROM alpine:3.19
RUN apk add --no-cache ca-certificates tzdata
COPY --from=builder /out/homebot /usr/local/bin/homebot
# label: layer-rewrite
RUN chmod +x /usr/local/bin/homebot
USER nobody
ENTRYPOINT ["homebot"]
