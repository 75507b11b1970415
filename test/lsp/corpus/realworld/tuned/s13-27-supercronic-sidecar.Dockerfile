FROM alpine:3.20

ENV SUPERCRONIC_URL=https://example.com/supercronic/v0.2.31/supercronic-linux-amd64 \
    SUPERCRONIC=supercronic-linux-amd64 \
    SUPERCRONIC_SHA1SUM=0123456789abcdef0123456789abcdef01234567

RUN apk add --no-cache curl ca-certificates \
 && curl -fsSLO "$SUPERCRONIC_URL" \
 && echo "${SUPERCRONIC_SHA1SUM}  ${SUPERCRONIC}" | sha1sum -c - \
 && chmod +x "$SUPERCRONIC" \
 && mv "$SUPERCRONIC" "/usr/local/bin/${SUPERCRONIC}" \
 && ln -s "/usr/local/bin/${SUPERCRONIC}" /usr/local/bin/supercronic

COPY --chmod=0755 jobs/ /opt/jobs/
COPY jobs.cron /etc/jobs.cron

# label: layer-rewrite
RUN adduser -D -u 1000 cron && chown cron:cron /etc/jobs.cron

USER cron
CMD ["supercronic", "-passthrough-logs", "/etc/jobs.cron"]
