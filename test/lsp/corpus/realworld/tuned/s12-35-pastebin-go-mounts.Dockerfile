# syntax=docker/dockerfile:1
FROM golang:1.22-alpine
RUN apk add --no-cache git
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -ldflags "-s -w" -o /usr/local/bin/pastebox . \
 && chmod 0755 /usr/local/bin/pastebox
EXPOSE 7777
ENTRYPOINT ["pastebox"]
