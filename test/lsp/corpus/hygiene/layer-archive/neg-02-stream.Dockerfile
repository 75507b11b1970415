FROM debian:bookworm-slim
RUN curl -fsSL https://dl.example.com/tool-1.0.tar.gz | tar -xz -C /usr/local/bin tool
RUN wget -qO- https://dl.example.com/other.tar.xz | tar -xJ -C /opt
