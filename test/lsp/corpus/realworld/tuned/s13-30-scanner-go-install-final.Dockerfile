FROM golang:1.22-alpine

RUN apk add --no-cache git ca-certificates

# label: layer-cache, layer-deleted-later
RUN go install -v example.com/security/probe/cmd/probe@v3.2.0

RUN probe -version

# try to get the size back down
RUN go clean -cache -modcache

ENTRYPOINT ["probe"]
