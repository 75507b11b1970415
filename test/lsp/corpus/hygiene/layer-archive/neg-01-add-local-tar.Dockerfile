FROM debian:bookworm-slim
ADD rootfs.tar.xz /
ADD vendor.tgz /opt/vendor/
