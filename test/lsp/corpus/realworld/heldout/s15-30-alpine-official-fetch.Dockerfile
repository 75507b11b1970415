FROM alpine:3.19

ENV DRIFT_VERSION=1.12.0

RUN set -eux; \
    apk add --no-cache --virtual .fetch-deps curl; \
    curl -fsSL -o /tmp/drift.tar.gz "https://example.com/drift/${DRIFT_VERSION}/drift_${DRIFT_VERSION}_linux_amd64.tar.gz"; \
    tar -xzf /tmp/drift.tar.gz -C /usr/local/bin drift; \
    rm /tmp/drift.tar.gz; \
    apk del --no-network .fetch-deps; \
    drift version

# the base image's message of the day
RUN rm -f /etc/motd

USER nobody
ENTRYPOINT ["drift"]
