FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/tool . && go clean -cache -modcache
