# syntax=docker/dockerfile:1
FROM ubuntu:24.04
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends curl ca-certificates
rm -rf /var/lib/apt/lists/*
EOF
RUN ["/bin/sh", "-c", "apt-get update && apt-get install -y jq && rm -rf /var/lib/apt/lists/*"]
COPY <<-EOT /etc/app/app.conf
	listen = 8080
EOT
CMD ["bash"]
