# Build our patched tinyproxy as a proper .apk, then install it from a local repository.
FROM alpine:3.19 AS builder
# label: layer-cache
RUN apk add --update alpine-sdk sudo
RUN adduser -D packager \
    && addgroup packager abuild \
    && echo 'packager ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/packager
USER packager
WORKDIR /home/packager/aports/tinyproxy-edge
COPY --chown=packager:packager APKBUILD tinyproxy-edge.initd tinyproxy-edge.conf ./
COPY --chown=packager:packager patches/ ./patches/
RUN abuild-keygen -a -n \
    && abuild checksum \
    && abuild -r

FROM alpine:3.19
COPY --from=builder /home/packager/.abuild/*.rsa.pub /etc/apk/keys/
# label: layer-deleted-later
COPY --from=builder /home/packager/packages/aports/ /tmp/packages/
RUN apk add --no-cache --repository /tmp/packages tinyproxy-edge \
    && rm -rf /tmp/packages
EXPOSE 8888
USER tinyproxy
CMD ["tinyproxy", "-d"]
