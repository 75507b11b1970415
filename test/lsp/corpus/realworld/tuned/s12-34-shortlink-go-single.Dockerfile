FROM golang:1.22-bookworm

ARG MIGRATE_VERSION=4.17.1
ARG MIGRATE_URL=https://dl.example.com/migrate/v${MIGRATE_VERSION}/migrate.linux-amd64.tar.gz

WORKDIR /go/src/app
# label: layer-archive
RUN curl -fsSL -o migrate.tgz "$MIGRATE_URL" && tar xzf migrate.tgz -C /usr/local/bin migrate

COPY . .
# label: layer-cache
RUN go build -o /usr/local/bin/shortlink ./cmd/shortlink
# label: layer-rewrite
RUN strip /usr/local/bin/shortlink

EXPOSE 8080
CMD ["shortlink", "serve"]
