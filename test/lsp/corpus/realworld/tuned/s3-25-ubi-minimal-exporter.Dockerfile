# Modelled on: Red Hat UBI minimal images (microdnf with --nodocs and clean all, non-root UID 1001) running a downloaded exporter
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y --nodocs --setopt=install_weak_deps=0 shadow-utils tar gzip \
    && microdnf clean all
ARG EXPORTER_VERSION=1.8.1
# label: layer-archive
RUN curl -fsSLO https://downloads.example.com/exporter/v${EXPORTER_VERSION}/host-exporter-${EXPORTER_VERSION}.linux-amd64.tar.gz \
    && tar -xzf host-exporter-${EXPORTER_VERSION}.linux-amd64.tar.gz -C /usr/local/bin --strip-components=1 \
       host-exporter-${EXPORTER_VERSION}.linux-amd64/host-exporter
RUN useradd -u 1001 -r -g 0 -s /sbin/nologin exporter
USER 1001
EXPOSE 9100
ENTRYPOINT ["/usr/local/bin/host-exporter"]
