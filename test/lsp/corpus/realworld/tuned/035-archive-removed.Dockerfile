FROM alpine:3.20
RUN wget -q https://example.org/releases/agent-1.4.2.tar.gz \
    && tar -xzf agent-1.4.2.tar.gz -C /opt \
    && rm agent-1.4.2.tar.gz
