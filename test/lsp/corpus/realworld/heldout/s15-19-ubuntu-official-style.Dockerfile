FROM ubuntu:24.04

ENV TINI_VERSION=0.19.0 \
    KNOT_VERSION=5.2.0

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates curl; \
    rm -rf /var/lib/apt/lists/*

RUN set -eux; \
    curl -fsSL -o /tmp/knot.tar.gz "https://example.org/knot/knot-${KNOT_VERSION}-linux-x86_64.tar.gz"; \
    curl -fsSL -o /tmp/knot.tar.gz.sha256 "https://example.org/knot/knot-${KNOT_VERSION}-linux-x86_64.tar.gz.sha256"; \
    echo "$(cat /tmp/knot.tar.gz.sha256)  /tmp/knot.tar.gz" | sha256sum -c -; \
    mkdir -p /opt/knot; \
    tar -xzf /tmp/knot.tar.gz -C /opt/knot --strip-components=1; \
    rm -f /tmp/knot.tar.gz /tmp/knot.tar.gz.sha256; \
    /opt/knot/bin/knot --version

ENV PATH=/opt/knot/bin:$PATH
CMD ["knot", "serve"]
