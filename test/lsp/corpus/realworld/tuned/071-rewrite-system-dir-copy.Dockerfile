FROM debian:bookworm-slim
COPY service/ /opt/
# label: layer-rewrite
RUN chown -R daemon:daemon /opt/service
