FROM golang:1.21-alpine AS builder
RUN apk add --no-cache git
WORKDIR /go/src/app
COPY . .
RUN go get -d -v ./... && go install -v ./...
FROM alpine:3.19
COPY --from=builder /go/bin/app /usr/local/bin/app
