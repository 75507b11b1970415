FROM debian:bookworm-slim

ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends postfix libsasl2-modules ca-certificates rsyslog \
 && rm -rf /var/lib/apt/lists/*

# relay everything through the smarthost, listen on all interfaces
# label: layer-rewrite
RUN sed -i \
      -e 's/^inet_interfaces = .*/inet_interfaces = all/' \
      -e 's/^relayhost =.*/relayhost = [smtp.example.com]:587/' \
      /etc/postfix/main.cf \
 && echo "smtp_sasl_auth_enable = yes" >> /etc/postfix/main.cf \
 && echo "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd" >> /etc/postfix/main.cf

# label: layer-secret
COPY sasl_passwd /etc/postfix/sasl_passwd
# label: layer-rewrite
RUN postmap /etc/postfix/sasl_passwd \
 && chmod 600 /etc/postfix/sasl_passwd /etc/postfix/sasl_passwd.db

COPY --chmod=0755 entrypoint.sh /usr/local/bin/entrypoint.sh
EXPOSE 25
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
CMD ["postfix", "start-fg"]
