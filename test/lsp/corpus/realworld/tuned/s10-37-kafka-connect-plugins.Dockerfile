FROM confluentinc/cp-kafka-connect:7.6.1

ENV CONNECT_PLUGIN_PATH=/usr/share/java,/usr/share/confluent-hub-components

# label: layer-archive
COPY plugins/debezium-connector-postgres-2.6.1.Final-plugin.tar.gz /tmp
RUN mkdir -p /usr/share/confluent-hub-components \
 && tar -xzf /tmp/debezium-connector-postgres-2.6.1.Final-plugin.tar.gz -C /usr/share/confluent-hub-components

# a local tarball given to ADD is unpacked by the builder itself
ADD plugins/jdbc-drivers.tar.gz /usr/share/confluent-hub-components/jdbc-drivers/

COPY connect-log4j.properties /etc/kafka/connect-log4j.properties
# label: layer-secret
COPY secrets/connect.password /etc/kafka/secrets/connect.password
