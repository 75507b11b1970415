# syntax=docker/dockerfile:1.7
FROM alpine:3.20
COPY <<EOF /etc/motd
welcome
EOF
# label: layer-cache
RUN <<EOT sh
set -e
apk update
apk add --no-progress htop
EOT
