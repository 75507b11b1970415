FROM debian:bookworm-slim
# label: layer-archive, layer-deleted-later
COPY vendor/libs-2024.tar.gz /tmp/
RUN tar -xzf /tmp/libs-2024.tar.gz -C /opt && rm /tmp/libs-2024.tar.gz
