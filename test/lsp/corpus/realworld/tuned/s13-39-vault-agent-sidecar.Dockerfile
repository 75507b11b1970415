FROM alpine:3.20

# label: layer-cache
RUN apk update && apk add jq curl

RUN addgroup -S vault && adduser -S -G vault -h /home/vault vault

COPY --from=hashicorp/vault:1.17 /bin/vault /bin/vault
COPY config/ /vault/config/
# label: layer-secret
COPY .vault-token /home/vault/.vault-token

# label: layer-rewrite
RUN chown -R vault:vault /vault/config

USER vault
ENTRYPOINT ["vault", "agent", "-config=/vault/config/agent.hcl"]
