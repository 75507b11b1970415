FROM debian:bookworm-slim
ADD rootfs-overlay.tar.gz /
RUN ls /etc/overlay
