FROM registry.access.redhat.com/ubi9/ubi:9.4
# label: layer-cache
RUN dnf install -y python3.11 python3.11-pip
USER 1001
