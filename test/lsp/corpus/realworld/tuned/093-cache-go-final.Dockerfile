FROM golang:1.22-alpine
WORKDIR /src
COPY go.mod go.sum ./
# label: layer-cache
RUN go mod download
COPY . .
# label: layer-cache
RUN go build -o /usr/local/bin/server ./cmd/server
CMD ["server"]
