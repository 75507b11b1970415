FROM alpine:3.19

# label: layer-deleted-later
RUN apk add --no-cache --virtual .fetch-deps curl gnupg

ARG KCTL_VERSION=1.30.2
RUN curl -fsSL -o /usr/local/bin/kctl "https://dl.example.com/kctl/v${KCTL_VERSION}/bin/linux/amd64/kctl" \
 && chmod +x /usr/local/bin/kctl \
 && kctl version --client

RUN apk del .fetch-deps

# label: layer-secret
COPY kubeconfig /root/.kube/config
ENTRYPOINT ["kctl"]
CMD ["get", "pods"]
