FROM alpine:3.20

# nmap plus a community NSE collection; the db is rebuilt right after the clone
# label: layer-deleted-later
RUN apk add --no-cache nmap nmap-scripts git \
    && git clone --depth 1 https://example.com/nse/vulnscan.git /usr/share/nmap/scripts/vulnscan \
    && nmap --script-updatedb

# extra scripts shipped as a zip on the release page
# label: layer-archive
ADD https://example.com/nse/releases/extra-scripts-1.4.zip /tmp/
RUN unzip -o /tmp/extra-scripts-1.4.zip -d /usr/share/nmap/scripts/extra

# keep the image small (git history is not needed at runtime)
RUN rm -rf /usr/share/nmap/scripts/vulnscan/.git

COPY entrypoint.sh /usr/local/bin/
# label: layer-rewrite
RUN chmod +x /usr/local/bin/entrypoint.sh

ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
CMD ["-h"]
