FROM alpine:3.20

ARG S6_VERSION=3.1.6.2
RUN apk add --no-cache bash tzdata xz

# label: layer-archive
RUN wget -q -O /tmp/s6-overlay-noarch.tar.xz \
      https://example.com/s6/v${S6_VERSION}/s6-overlay-noarch.tar.xz \
 && tar -C / -Jxpf /tmp/s6-overlay-noarch.tar.xz

COPY rootfs/ /
ENV S6_KEEP_ENV=1
ENTRYPOINT ["/init"]
