FROM alpine:3.20 AS fetch

RUN apk add --no-cache curl bzip2

ARG RESTIC_VERSION=0.16.5
RUN curl -fsSL -o /tmp/restic.bz2 \
      "https://example.com/restic/v${RESTIC_VERSION}/restic_${RESTIC_VERSION}_linux_amd64.bz2" \
 && bunzip2 -c /tmp/restic.bz2 > /usr/local/bin/restic \
 && chmod 755 /usr/local/bin/restic \
 && rm /tmp/restic.bz2

FROM alpine:3.20
RUN apk add --no-cache ca-certificates tzdata openssh-client curl unzip
COPY --from=fetch /usr/local/bin/restic /usr/local/bin/restic

ARG RCLONE_VERSION=1.67.0
# label: layer-archive
RUN zipfile="/tmp/rclone.zip" \
 && curl -fsSL -o "${zipfile}" "https://example.org/rclone/v${RCLONE_VERSION}/rclone-v${RCLONE_VERSION}-linux-amd64.zip" \
 && unzip -q "${zipfile}" -d /tmp \
 && cp /tmp/rclone-*-linux-amd64/rclone /usr/local/bin/rclone \
 && chmod 755 /usr/local/bin/rclone

ENTRYPOINT ["restic"]
