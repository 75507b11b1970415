FROM debian:bookworm-slim
COPY keys/signing.pub /etc/app/signing.pub
COPY certs/ca.pem /usr/local/share/ca-certificates/internal-ca.crt
RUN update-ca-certificates
