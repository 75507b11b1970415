FROM golang:1.22-alpine AS builder
RUN apk add --no-cache git ca-certificates

WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/server ./cmd/server

FROM gcr.io/distroless/static-debian12
COPY --from=builder /out/server /server
COPY --from=builder /src/templates /templates
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/server"]
