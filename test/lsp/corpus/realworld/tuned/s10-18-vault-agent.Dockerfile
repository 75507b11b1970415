FROM hashicorp/vault:1.16

# custom secrets plugin
# label: layer-archive
RUN wget -q -O /tmp/plugin.zip \
      https://releases.example.com/vault-plugin-secrets-acme/0.3.1/vault-plugin-secrets-acme_0.3.1_linux_amd64.zip \
 && mkdir -p /vault/plugins \
 && unzip -o /tmp/plugin.zip -d /vault/plugins

COPY --chown=vault:vault agent.hcl /vault/config/agent.hcl
COPY --chown=vault:vault templates/ /vault/templates/
# AppRole credentials for auto-auth
# label: layer-secret
COPY --chown=vault:vault approle/role_id approle/secret_id /vault/auth/

ENTRYPOINT ["vault", "agent", "-config=/vault/config/agent.hcl"]
