FROM debian:bookworm-slim
# expect: layer-cache apt-get update
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        ca-certificates \
        curl
