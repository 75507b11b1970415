FROM alpine:3.20
RUN wget -O /usr/local/bin/jq https://example.com/jq-linux-amd64 && chmod +x /usr/local/bin/jq
RUN mkdir -p /data && chown -R 1000:1000 /data
