FROM debian:bookworm-slim
COPY corp-root-ca.pem /usr/local/share/ca-certificates/corp-root-ca.crt
COPY cert.pem chain.pem /etc/app/tls/
RUN update-ca-certificates
