FROM registry.access.redhat.com/ubi9/ubi:9.4

ARG BROKER_RPM_URL=https://downloads.example.com/broker/msgbroker-5.18.4-1.el9.x86_64.rpm

# dnf installs the rpm straight from the URL; its metadata stays behind
# label: layer-cache
RUN dnf install -y --setopt=tsflags=nodocs java-17-openjdk-headless "${BROKER_RPM_URL}"

RUN groupadd -r broker && useradd -r -g broker -d /var/lib/msgbroker broker
# label: layer-rewrite
RUN chown -R broker:broker /opt/msgbroker

COPY --chown=broker:broker broker.xml /opt/msgbroker/conf/broker.xml
USER broker
EXPOSE 61616 8161
CMD ["/opt/msgbroker/bin/msgbroker", "run"]
