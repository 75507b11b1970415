# Modelled on: JVM server images that ADD a release from a URL and unpack it into a home folder (Kafka/Tomcat-style layout)
FROM eclipse-temurin:17-jre
ENV MQ_HOME=/opt/minimq MQ_VERSION=3.6.2
# label: layer-archive, layer-deleted-later
ADD https://archive.example.org/minimq/${MQ_VERSION}/minimq-${MQ_VERSION}-bin.tgz /tmp/
RUN mkdir -p ${MQ_HOME} \
    && tar -xzf /tmp/minimq-${MQ_VERSION}-bin.tgz --strip-components=1 -C ${MQ_HOME} \
    && rm /tmp/minimq-${MQ_VERSION}-bin.tgz \
    && rm -rf ${MQ_HOME}/docs
RUN groupadd -r mq && useradd -r -g mq mq
# label: layer-rewrite
RUN chown -R mq:mq ${MQ_HOME}
USER mq
WORKDIR ${MQ_HOME}
EXPOSE 5672
CMD ["bin/minimq-server.sh", "config/server.properties"]
