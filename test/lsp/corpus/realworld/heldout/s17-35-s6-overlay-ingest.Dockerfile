FROM alpine:3.20
ARG S6_OVERLAY_VERSION=3.1.6.2
RUN apk add --no-cache xz \
    && wget -qO- "https://dl.example.com/s6-overlay/v${S6_OVERLAY_VERSION}/s6-overlay-noarch.tar.xz" | tar -C / -Jxp \
    && wget -qO- "https://dl.example.com/s6-overlay/v${S6_OVERLAY_VERSION}/s6-overlay-x86_64.tar.xz" | tar -C / -Jxp
# service definitions for the ingest daemon
ADD rootfs.tar.gz /
# label: layer-rewrite
RUN chmod a+x /etc/services.d/ingestd/run /etc/services.d/ingestd/finish
COPY --chmod=0755 bin/ingestd /usr/local/bin/ingestd
ENTRYPOINT ["/init"]
