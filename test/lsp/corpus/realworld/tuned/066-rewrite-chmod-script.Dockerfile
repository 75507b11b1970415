FROM debian:bookworm-slim
COPY docker-entrypoint.sh /usr/local/bin/
# label: layer-rewrite
RUN chmod +x /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT ["docker-entrypoint.sh"]
