FROM alpine:3.20
RUN apk upgrade --no-cache && apk add --no-cache curl
