FROM debian:bookworm-slim
# label: layer-cache
RUN ["/bin/bash", "-c", "apt-get update && apt-get install -y --no-install-recommends curl"]
