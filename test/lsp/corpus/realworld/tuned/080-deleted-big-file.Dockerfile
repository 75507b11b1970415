FROM debian:bookworm-slim
# label: layer-deleted-later
COPY installer.bin /tmp/installer.bin
RUN sh /tmp/installer.bin --prefix=/opt/app
RUN rm /tmp/installer.bin
