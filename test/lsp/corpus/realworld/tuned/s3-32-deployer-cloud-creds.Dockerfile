# Modelled on: deployment/CI runner images bundling kubectl and helm together with cloud credentials
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl python3 \
    && rm -rf /var/lib/apt/lists/*
ARG KUBECTL_VERSION=v1.30.2
RUN curl -fsSLo /usr/local/bin/kubectl "https://dl.example.com/release/${KUBECTL_VERSION}/bin/linux/amd64/kubectl"
# label: layer-rewrite
RUN chmod +x /usr/local/bin/kubectl
ARG HELM_VERSION=3.15.3
WORKDIR /tmp
# label: layer-archive
RUN curl -fsSLO "https://get.example.com/helm/helm-v${HELM_VERSION}-linux-amd64.tar.gz" \
    && tar -zxvf helm-v${HELM_VERSION}-linux-amd64.tar.gz linux-amd64/helm \
    && mv linux-amd64/helm /usr/local/bin/helm \
    && rm -rf linux-amd64
# label: layer-secret
COPY ci/gcp-deployer-sa.json /etc/deployer/service-account.json
# label: layer-secret
COPY ci/kubeconfig-staging.yaml /root/.kube/config
ENV GOOGLE_APPLICATION_CREDENTIALS=/etc/deployer/service-account.json
COPY scripts/ /usr/local/bin/
WORKDIR /deploy
ENTRYPOINT ["deploy.sh"]
