FROM redis:7.2
COPY redis.conf /usr/local/etc/redis/redis.conf
# label: layer-rewrite
RUN echo "maxmemory 256mb" >> /usr/local/etc/redis/redis.conf
CMD ["redis-server", "/usr/local/etc/redis/redis.conf"]
