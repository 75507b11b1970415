FROM debian:bookworm-slim
# label: layer-archive, layer-deleted-later
COPY dist.tar.gz /tmp
RUN tar -xzf /tmp/dist.tar.gz -C /srv && rm -f /tmp/dist.tar.gz
