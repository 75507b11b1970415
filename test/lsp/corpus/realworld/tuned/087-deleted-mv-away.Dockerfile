FROM debian:bookworm-slim
# label: layer-deleted-later
COPY tools.tgz /opt/tools.tgz
RUN mv /opt/tools.tgz /tmp/ && tar -xzf /tmp/tools.tgz -C /opt && rm /tmp/tools.tgz
