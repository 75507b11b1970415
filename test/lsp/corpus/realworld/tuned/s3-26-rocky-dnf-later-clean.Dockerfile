# Modelled on: Rocky Linux / Alma build images (epel-release, dnf module enable, dnf clean all)
FROM rockylinux:9
# label: layer-cache, layer-deleted-later
RUN dnf install -y epel-release && dnf install -y --nodocs gcc make git openssl-devel
RUN dnf -y module enable nodejs:20 \
    && dnf -y install --nodocs nodejs \
    && dnf clean all \
    && rm -rf /var/cache/dnf
WORKDIR /build
COPY --chmod=755 ci/build.sh /usr/local/bin/build.sh
CMD ["build.sh"]
