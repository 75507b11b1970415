FROM debian:bookworm-slim
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends wget && rm -rf /var/lib/apt/lists/partial
