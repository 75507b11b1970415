FROM alpine:3.20
# expect: layer-cache apk add --no-cache
RUN apk add bash curl
# expect: layer-cache apk update
RUN apk update && apk add --no-cache jq
