FROM eclipse-temurin:17-jre-alpine

ARG BROKER_VERSION=3.7.1

# local bundle: ADD unpacks it
ADD broker-plugins.tar.gz /opt/
# label: layer-archive, layer-deleted-later
ADD https://downloads.example.com/msgbroker/${BROKER_VERSION}/msgbroker-${BROKER_VERSION}.tgz /tmp/
RUN tar -xzf /tmp/msgbroker-${BROKER_VERSION}.tgz -C /opt \
 && ln -s /opt/msgbroker-${BROKER_VERSION} /opt/msgbroker
RUN rm -f /tmp/msgbroker-${BROKER_VERSION}.tgz

# label: layer-rewrite
RUN chmod +x /opt/broker-plugins/bin/*.sh

ENV PATH=/opt/msgbroker/bin:$PATH
EXPOSE 9092
CMD ["broker-start.sh", "/opt/msgbroker/config/server.properties"]
