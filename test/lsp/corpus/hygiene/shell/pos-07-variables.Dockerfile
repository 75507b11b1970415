FROM debian:bookworm-slim
ARG DL_DIR=/var/tmp/dl
ENV ARCHIVE=${DL_DIR}/pkg.tar.gz
# expect: layer-archive `/var/tmp/dl/pkg.tar.gz`
RUN mkdir -p /opt/pkg && curl -fsSL -o "$ARCHIVE" https://dl.example.com/pkg.tar.gz && tar -xzf "${ARCHIVE}" -C /opt/pkg
RUN f=/var/tmp/x.zip; curl -fsSL -o $f https://dl.example.com/x.zip; unzip $f -d /opt/x; rm -f "$f"
# expect: layer-deleted-later `/var/tmp/dl/a.bin` and `/var/tmp/dl/b.bin`
COPY a.bin b.bin ${DL_DIR}/
RUN for f in a.bin b.bin; do rm -f "$DL_DIR/$f"; done
