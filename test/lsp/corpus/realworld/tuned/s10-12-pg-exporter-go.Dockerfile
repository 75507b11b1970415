FROM golang:1.22-bookworm

WORKDIR /src
COPY go.mod go.sum ./
# label: layer-cache
RUN go mod download

# label: layer-deleted-later
COPY . .
# label: layer-cache
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /usr/local/bin/pg-exporter ./cmd/exporter

# fixtures are only for the unit tests
RUN rm -rf /src/testdata

EXPOSE 9187
USER nobody
ENTRYPOINT ["/usr/local/bin/pg-exporter"]
