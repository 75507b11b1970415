FROM envoyproxy/envoy:v1.30-latest

# curl + jq for the admin healthcheck
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends curl jq

COPY envoy.yaml /etc/envoy/envoy.yaml
COPY --chmod=0755 healthcheck.sh /usr/local/bin/healthcheck

# label: layer-rewrite
RUN chmod go+r /etc/envoy/envoy.yaml

HEALTHCHECK CMD ["/usr/local/bin/healthcheck"]
CMD ["envoy", "-c", "/etc/envoy/envoy.yaml", "--log-level", "info"]
