FROM alpine:3.19
ARG S6_OVERLAY_VERSION=3.1.6.2

# label: layer-archive, layer-deleted-later
ADD https://example.com/s6-overlay/v${S6_OVERLAY_VERSION}/s6-overlay-noarch.tar.xz /tmp
RUN tar -C / -Jxpf /tmp/s6-overlay-noarch.tar.xz && rm /tmp/s6-overlay-noarch.tar.xz

RUN apk add --no-cache python3 py3-pip ffmpeg

ADD rootfs.tar.gz /
# label: layer-rewrite
RUN chmod +x /etc/services.d/mediasync/run /etc/services.d/mediasync/finish

VOLUME /media
ENTRYPOINT ["/init"]
