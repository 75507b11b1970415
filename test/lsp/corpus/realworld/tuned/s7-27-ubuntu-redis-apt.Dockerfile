FROM ubuntu:22.04
ENV DEBIAN_FRONTEND=noninteractive

# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends redis-server redis-tools && apt-get clean

# listen on all interfaces, stay in the foreground
# label: layer-rewrite
RUN sed -i \
      -e 's/^bind 127.0.0.1 -::1/bind 0.0.0.0/' \
      -e 's/^daemonize yes/daemonize no/' \
      -e 's/^protected-mode yes/protected-mode no/' \
      /etc/redis/redis.conf

RUN mkdir -p /data && chown redis:redis /data && chown -R redis:redis /var/lib/redis
COPY --chown=redis:redis overrides.conf /etc/redis/conf.d/overrides.conf
VOLUME /data
WORKDIR /data
USER redis
EXPOSE 6379
CMD ["redis-server", "/etc/redis/redis.conf"]
