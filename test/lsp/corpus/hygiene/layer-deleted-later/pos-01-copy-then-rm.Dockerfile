FROM debian:bookworm-slim
# expect: layer-deleted-later removes `/tmp/installer.run` (rm), which this COPY added
COPY installer.run /tmp/
RUN sh /tmp/installer.run --prefix=/opt/tool
RUN rm -f /tmp/installer.run
