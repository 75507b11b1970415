FROM golang:1.22-alpine

RUN apk add --no-cache git ca-certificates tzdata

WORKDIR /go/src/inventory

COPY go.mod go.sum ./
# label: layer-cache
RUN go mod download && go mod verify

COPY . .
# label: layer-cache
RUN CGO_ENABLED=0 go build -v -o /usr/local/bin/inventory ./cmd/inventory

ENV GIN_MODE=release
EXPOSE 8080
CMD ["inventory"]
