FROM debian:bookworm-slim
RUN curl -fsSLo /usr/local/bin/yq https://example.com/yq_linux_amd64
# label: layer-rewrite
RUN chmod 0755 /usr/local/bin/yq
