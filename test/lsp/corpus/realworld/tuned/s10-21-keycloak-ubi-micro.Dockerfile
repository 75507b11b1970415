FROM registry.access.redhat.com/ubi9:9.4 AS ubi-micro-build
RUN mkdir -p /mnt/rootfs
RUN dnf install --installroot /mnt/rootfs curl jq \
        --releasever 9 --setopt install_weak_deps=false --nodocs -y \
 && dnf --installroot /mnt/rootfs clean all \
 && rm -rf /mnt/rootfs/var/cache/dnf /var/cache/dnf \
 && rpm --root /mnt/rootfs -e --nodeps setup

FROM quay.io/keycloak/keycloak:25.0.1 AS builder
ENV KC_DB=postgres \
    KC_HEALTH_ENABLED=true \
    KC_METRICS_ENABLED=true
WORKDIR /opt/keycloak
COPY providers/acme-event-listener-1.4.0.jar /opt/keycloak/providers/
RUN /opt/keycloak/bin/kc.sh build

FROM quay.io/keycloak/keycloak:25.0.1
COPY --from=ubi-micro-build /mnt/rootfs /
COPY --from=builder /opt/keycloak/ /opt/keycloak/
COPY --chown=1000:0 themes/acme/ /opt/keycloak/themes/acme/
COPY --chown=1000:0 realm-acme.json /opt/keycloak/data/import/
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
CMD ["start", "--optimized", "--import-realm"]
