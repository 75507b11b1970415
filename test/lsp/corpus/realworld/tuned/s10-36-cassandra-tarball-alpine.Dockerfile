FROM eclipse-temurin:11-jre-alpine

RUN apk add --no-cache bash python3 procps su-exec

ARG CASSANDRA_VERSION=4.1.5
ENV CASSANDRA_HOME=/opt/apache-cassandra-${CASSANDRA_VERSION} \
    CASSANDRA_CONF=/opt/apache-cassandra-${CASSANDRA_VERSION}/conf

# label: layer-archive, layer-deleted-later
ADD https://archive.example.org/cassandra/${CASSANDRA_VERSION}/apache-cassandra-${CASSANDRA_VERSION}-bin.tar.gz /tmp/

# keep the original tarball around for the support bundle
RUN tar -xzf /tmp/apache-cassandra-${CASSANDRA_VERSION}-bin.tar.gz -C /opt \
 && mkdir -p /opt/dist \
 && mv /tmp/apache-cassandra-${CASSANDRA_VERSION}-bin.tar.gz /opt/dist/ \
 && addgroup -S cassandra \
 && adduser -S -G cassandra -h ${CASSANDRA_HOME} cassandra \
 && mkdir -p /var/lib/cassandra /var/log/cassandra \
 && chown -R cassandra:cassandra ${CASSANDRA_HOME} /var/lib/cassandra /var/log/cassandra

COPY --chown=cassandra:cassandra cassandra.yaml ${CASSANDRA_CONF}/cassandra.yaml
ENV PATH=${CASSANDRA_HOME}/bin:$PATH
USER cassandra
EXPOSE 7000 9042
CMD ["cassandra", "-f"]
