FROM debian:bookworm-slim
RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh && sh /tmp/install.sh && rm /tmp/install.sh
