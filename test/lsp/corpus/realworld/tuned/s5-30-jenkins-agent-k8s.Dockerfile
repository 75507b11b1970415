# Modelled on: Jenkins inbound-agent images extended with kubectl and helm for deployment jobs
FROM jenkins/inbound-agent:3206.vb_15dcf73f6a_9-1-jdk17
USER root
ARG KUBECTL_VERSION=v1.29.2
RUN curl -fsSLo /usr/local/bin/kubectl "https://dl.example.com/release/${KUBECTL_VERSION}/bin/linux/amd64/kubectl" \
    && chmod +x /usr/local/bin/kubectl
ARG HELM_VERSION=3.14.2
RUN curl -fsSL "https://get.example.com/helm-v${HELM_VERSION}-linux-amd64.tar.gz" | tar -xz -C /tmp \
    && mv /tmp/linux-amd64/helm /usr/local/bin/helm \
    && rm -rf /tmp/linux-amd64
# label: layer-secret
COPY deploy/kubeconfig /home/jenkins/.kube/config
# label: layer-rewrite
RUN chown -R jenkins:jenkins /home/jenkins/.kube && chmod 600 /home/jenkins/.kube/config
USER jenkins
