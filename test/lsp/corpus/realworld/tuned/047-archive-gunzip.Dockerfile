FROM debian:bookworm-slim
RUN curl -fsSLo /usr/local/bin/tool.gz https://example.com/tool-linux.gz && gunzip /usr/local/bin/tool.gz && chmod +x /usr/local/bin/tool
