FROM debian:bookworm-slim
RUN curl -fsSLo /usr/local/bin/jq https://example.com/jq-linux-amd64 && chmod +x /usr/local/bin/jq
