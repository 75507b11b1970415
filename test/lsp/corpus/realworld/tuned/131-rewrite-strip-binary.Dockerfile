FROM debian:bookworm-slim
COPY build/server /usr/local/bin/server
# label: layer-rewrite
RUN strip /usr/local/bin/server
