FROM golang:1.22-alpine

WORKDIR /go/src/app
COPY . .

# label: layer-cache
RUN go build -o /usr/local/bin/tally ./cmd/tally

EXPOSE 9000
CMD ["tally"]
