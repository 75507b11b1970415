FROM ubuntu:22.04
RUN apt-get update && apt-get install -y --no-install-recommends unzip curl ca-certificates \
    && rm -rf /var/lib/apt/lists/*

# label: layer-archive
RUN curl -fsSLO https://example.com/tflint/tflint_linux_amd64.zip && unzip tflint_linux_amd64.zip -d /usr/local/bin
# label: layer-rewrite
RUN chmod +x /usr/local/bin/tflint

# label: layer-secret
COPY rclone.conf /root/.config/rclone/rclone.conf
COPY backup.sh /usr/local/bin/backup.sh
CMD ["backup.sh"]
