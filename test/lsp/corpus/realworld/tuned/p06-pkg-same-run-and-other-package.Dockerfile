FROM debian:bookworm-slim
# owner changed in the RUN that installed the package: one layer, nothing rewritten
RUN apt-get update \
 && apt-get install -y --no-install-recommends redis-server \
 && chown -R redis:redis /etc/redis \
 && rm -rf /var/lib/apt/lists/*
# a folder of a package this Dockerfile never installed (the base image's, if anything)
RUN chown -R redis:redis /etc/sentinel /usr/share/keyrings
# the package's folder, but only the folder itself (a few bytes of metadata)
RUN chmod 0750 /etc/redis
USER redis
CMD ["redis-server", "/etc/redis/redis.conf"]
