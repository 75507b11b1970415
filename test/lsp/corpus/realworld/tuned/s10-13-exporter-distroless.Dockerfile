# syntax=docker/dockerfile:1.7
FROM golang:1.22-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=linux go build -o /out/redis-exporter ./cmd/redis-exporter
# tests run in the build stage only
RUN go test ./...

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/redis-exporter /redis-exporter
EXPOSE 9121
ENTRYPOINT ["/redis-exporter"]
