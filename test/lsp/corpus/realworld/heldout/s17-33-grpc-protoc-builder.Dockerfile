# syntax=docker/dockerfile:1.6
FROM golang:1.22-bookworm AS gen
RUN apt-get update && apt-get install -y --no-install-recommends unzip \
    && rm -rf /var/lib/apt/lists/*
# label: layer-archive, layer-deleted-later
COPY --link third_party/protoc-25.1-linux-x86_64.zip /tmp
RUN unzip -q /tmp/protoc-25.1-linux-x86_64.zip -d /usr/local \
    && rm /tmp/protoc-25.1-linux-x86_64.zip
RUN --mount=type=cache,target=/go/pkg/mod \
    go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.34.1
WORKDIR /src
COPY . .
RUN protoc --go_out=. --go_opt=paths=source_relative api/*.proto \
    && CGO_ENABLED=0 go build -o /out/search ./cmd/search

FROM gcr.io/distroless/static-debian12
COPY --from=gen /out/search /search
USER 65532:65532
ENTRYPOINT ["/search"]
