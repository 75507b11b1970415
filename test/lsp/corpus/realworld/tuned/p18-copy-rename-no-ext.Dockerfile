FROM alpine:3.20
# a script copied to a name without an extension is a rename; the mode is changed one RUN later
COPY docker/entrypoint.sh /usr/local/bin/entrypoint
# label: layer-rewrite
RUN chmod 0755 /usr/local/bin/entrypoint
COPY docker/healthcheck.sh /healthcheck
HEALTHCHECK CMD ["/healthcheck"]
ENTRYPOINT ["/usr/local/bin/entrypoint"]
