FROM alpine:3.20
# label: layer-archive
ADD https://example.com/files/bundle-3.2.tar.gz /tmp/
RUN tar -xzf /tmp/bundle-3.2.tar.gz -C /opt
