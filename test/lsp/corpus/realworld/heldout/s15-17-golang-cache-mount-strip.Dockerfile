# syntax=docker/dockerfile:1.7
FROM golang:1.23-bookworm

WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download

COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -o /usr/local/bin/herald ./cmd/herald

# label: layer-rewrite
RUN strip /usr/local/bin/herald

ENTRYPOINT ["herald"]
