# Modelled on: single-stage Go tool images (CI linters, code generators) built and run on golang:*-alpine
FROM golang:1.22-alpine
RUN apk add --no-cache git make
WORKDIR /go/src/protolint-runner
COPY go.mod go.sum ./
# label: layer-cache
RUN go mod download
COPY . .
# label: layer-cache
RUN go build -o /usr/local/bin/protolint-runner ./cmd/runner
ENTRYPOINT ["protolint-runner"]
