FROM debian:bookworm-slim
COPY scripts/ /usr/local/scripts/
# label: layer-rewrite
RUN dos2unix /usr/local/scripts/*.sh
