FROM ubuntu:24.04
ADD https://example.com/releases/download/0.2.0/fetchtool_linux_amd64 /usr/bin/fetchtool
# label: layer-rewrite
RUN chmod +x /usr/bin/fetchtool
