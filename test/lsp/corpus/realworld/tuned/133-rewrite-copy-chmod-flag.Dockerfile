# syntax=docker/dockerfile:1
FROM alpine:3.20
COPY --chmod=755 entrypoint.sh /entrypoint.sh
ENTRYPOINT ["/entrypoint.sh"]
