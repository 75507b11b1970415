FROM eclipse-temurin:17-jre-alpine

ENV ZK_VERSION=3.8.4 \
    ZK_HOME=/opt/zookeeper

# label: layer-cache
RUN apk add --update bash su-exec wget

WORKDIR /tmp
# label: layer-archive, layer-deleted-later
RUN wget -q https://archive.example.org/zookeeper/zookeeper-${ZK_VERSION}/apache-zookeeper-${ZK_VERSION}-bin.tar.gz

RUN tar -xzf apache-zookeeper-${ZK_VERSION}-bin.tar.gz -C /opt \
    && mv /opt/apache-zookeeper-${ZK_VERSION}-bin ${ZK_HOME} \
    && rm apache-zookeeper-${ZK_VERSION}-bin.tar.gz \
    && cp ${ZK_HOME}/conf/zoo_sample.cfg ${ZK_HOME}/conf/zoo.cfg

RUN addgroup -S zookeeper && adduser -S -G zookeeper -h ${ZK_HOME} zookeeper \
    && mkdir -p /data /datalog

# label: layer-rewrite
RUN chown -R zookeeper:zookeeper ${ZK_HOME} /data /datalog

WORKDIR ${ZK_HOME}
USER zookeeper
EXPOSE 2181 2888 3888
CMD ["bin/zkServer.sh", "start-foreground"]
