FROM debian:bookworm-slim
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
# expect: layer-rewrite `chmod` on `/usr/local/bin/docker-entrypoint.sh` (added by the COPY on line 2)
RUN chmod +x /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT ["docker-entrypoint.sh"]
