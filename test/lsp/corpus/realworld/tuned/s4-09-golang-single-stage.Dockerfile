# Modelled on: single-stage Go service Dockerfiles from application repos (golang base, go mod download, go build into /usr/local/bin)
FROM golang:1.22-bookworm
WORKDIR /src/shortener
COPY go.mod go.sum ./
# label: layer-cache
RUN go mod download
COPY . .
# label: layer-cache
RUN CGO_ENABLED=0 go build -trimpath -o /usr/local/bin/shortener ./cmd/shortener
EXPOSE 8080
CMD ["shortener"]
