FROM debian:bookworm-slim
RUN curl -fsSL https://example.com/install.sh -o /tmp/install.sh \
    && sh /tmp/install.sh --bin-dir /usr/local/bin \
    && rm /tmp/install.sh
