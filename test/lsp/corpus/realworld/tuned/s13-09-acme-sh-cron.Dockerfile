FROM alpine:3.20

RUN apk add --no-cache openssl socat curl

ENV ACME_VERSION=3.0.9 \
    ACME_HOME=/opt/acme

RUN curl -fsSL -o /tmp/acme.tar.gz https://example.com/acme.sh/archive/${ACME_VERSION}.tar.gz \
 && tar -xzf /tmp/acme.tar.gz -C /tmp \
 && cd /tmp/acme.sh-${ACME_VERSION} \
 && ./acme.sh --install --home ${ACME_HOME} --nocron \
 && cd / \
 && rm -rf /tmp/acme.tar.gz /tmp/acme.sh-${ACME_VERSION}

COPY crontab /etc/crontabs/root
# account registered once, reused by every renewal
# label: layer-secret
COPY account.key ${ACME_HOME}/account.key

# label: layer-rewrite
RUN chmod 0600 /etc/crontabs/root

CMD ["crond", "-f", "-l", "2"]
