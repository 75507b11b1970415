FROM debian:bookworm-slim
RUN curl -fsSL https://example.com/terraform_1.9.0_linux_amd64.tgz | tar -xz -C /usr/local/bin terraform
# label: layer-rewrite
RUN chmod 755 /usr/local/bin/terraform
