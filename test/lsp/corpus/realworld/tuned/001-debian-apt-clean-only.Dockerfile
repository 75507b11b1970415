FROM debian:bookworm-slim
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && apt-get clean
CMD ["curl", "--version"]
