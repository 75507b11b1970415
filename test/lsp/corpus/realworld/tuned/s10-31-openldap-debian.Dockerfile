FROM debian:bookworm-slim

ENV DEBIAN_FRONTEND=noninteractive
RUN echo "slapd slapd/no_configuration boolean true" | debconf-set-selections \
 && apt-get update \
 && apt-get install -y --no-install-recommends slapd ldap-utils ca-certificates \
 && sed -i 's|^SLAPD_SERVICES=.*|SLAPD_SERVICES="ldap:/// ldapi:///"|' /etc/default/slapd \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*

COPY bootstrap/ /opt/ldap/bootstrap/
COPY schema/*.ldif /opt/ldap/schema/
# label: layer-secret
COPY ldap-admin-password.txt /opt/ldap/

# label: layer-rewrite
RUN chown -R openldap:openldap /var/lib/ldap /opt/ldap/bootstrap

COPY --chmod=0755 entrypoint.sh /usr/local/bin/
EXPOSE 389 636
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
CMD ["slapd", "-d", "256", "-u", "openldap", "-g", "openldap"]
