FROM golang:1.22
WORKDIR /app
COPY go.mod go.sum ./
COPY vendor ./vendor
COPY . .
# label: layer-cache
RUN go build -mod=vendor -o /usr/local/bin/api ./cmd/api
EXPOSE 8080
