FROM alpine:3.20
# label: layer-deleted-later
RUN wget -q -O /etc/apk/keys/sgerrand.rsa.pub https://example.com/sgerrand.rsa.pub \
    && wget -q https://example.com/glibc-2.35-r1.apk \
    && apk add --no-cache --force-overwrite glibc-2.35-r1.apk
RUN rm -f glibc-2.35-r1.apk /etc/apk/keys/sgerrand.rsa.pub
