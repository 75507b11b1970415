FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4

ARG HELMFILE_VERSION=0.165.0
ENV HELMFILE_URL=https://example.com/helmfile/v${HELMFILE_VERSION}/helmfile_${HELMFILE_VERSION}_linux_amd64.tar.gz

RUN microdnf install -y tar gzip shadow-utils \
    && microdnf clean all

RUN curl -fsSL -o /tmp/helmfile.tar.gz "${HELMFILE_URL}" \
    && tar -xzf /tmp/helmfile.tar.gz -C /usr/local/bin helmfile \
    && rm -f /tmp/helmfile.tar.gz \
    && chmod 0755 /usr/local/bin/helmfile

# label: layer-secret
COPY config/db-password.txt /run/config/
COPY config/app.yaml /run/config/

RUN useradd -u 1001 deployer
USER 1001
ENTRYPOINT ["helmfile"]
