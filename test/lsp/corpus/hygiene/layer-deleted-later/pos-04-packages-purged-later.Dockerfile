FROM debian:bookworm
# expect: layer-deleted-later packages `gcc` and `libc6-dev`
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*
COPY hello.c /usr/src/
RUN gcc -o /usr/local/bin/hello /usr/src/hello.c
RUN apt-get purge -y --auto-remove gcc libc6-dev
FROM alpine:3.20
# expect: layer-deleted-later package `.build-deps` (apk del)
RUN apk add --no-cache --virtual .build-deps build-base
RUN apk del .build-deps
