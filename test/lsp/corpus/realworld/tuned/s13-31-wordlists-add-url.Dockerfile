FROM alpine:3.20

WORKDIR /opt/wordlists

# label: layer-archive, layer-deleted-later
ADD https://example.com/lists/wordlists-2024.2.tar.gz /tmp/

# label: layer-deleted-later
RUN tar -xzf /tmp/wordlists-2024.2.tar.gz --strip-components=1 \
    && rm /tmp/wordlists-2024.2.tar.gz

# the payload samples trip the registry's malware scanner
RUN rm -rf /opt/wordlists/Payloads

VOLUME ["/opt/wordlists"]
