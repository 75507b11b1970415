FROM debian:bookworm-slim
RUN curl -fsSL https://example.com/dist/tool-2.1.0-linux-x64.tar.gz | tar -xz -C /usr/local/bin tool
