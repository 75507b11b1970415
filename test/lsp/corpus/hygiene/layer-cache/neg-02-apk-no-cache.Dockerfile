FROM alpine:3.20
RUN apk add --no-cache bash curl
RUN apk add --no-cache --virtual .build-deps gcc musl-dev \
    && echo built \
    && apk del --no-network .build-deps
RUN apk update && apk add git && rm -rf /var/cache/apk/*
