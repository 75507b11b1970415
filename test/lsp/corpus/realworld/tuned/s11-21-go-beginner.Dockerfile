FROM golang:1.21

WORKDIR /go/src/app
COPY . .

# label: layer-cache
RUN go install -v ./...

EXPOSE 8080
CMD ["app"]
