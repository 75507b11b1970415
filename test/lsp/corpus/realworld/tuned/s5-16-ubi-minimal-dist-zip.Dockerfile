# Modelled on: ubi-minimal Java runtime images (microdnf) deploying a distribution zip
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.3
RUN microdnf install -y java-17-openjdk-headless shadow-utils \
    && microdnf clean all \
    && useradd -r -u 185 jboss
WORKDIR /deployments
# label: layer-archive
COPY target/inventory-service-2.1.0-dist.zip /deployments/
RUN microdnf install -y unzip \
    && unzip -q inventory-service-2.1.0-dist.zip \
    && microdnf remove -y unzip \
    && microdnf clean all
# label: layer-rewrite
RUN chown -R 185:0 /deployments/inventory-service-2.1.0 && chmod -R g+rwX /deployments/inventory-service-2.1.0
USER 185
CMD ["/deployments/inventory-service-2.1.0/bin/run.sh"]
