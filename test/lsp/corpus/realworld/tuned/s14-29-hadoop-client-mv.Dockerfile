FROM eclipse-temurin:11-jre-jammy

ARG HADOOP_VERSION=3.3.6
ENV HADOOP_HOME=/opt/hadoop
WORKDIR /opt

# keep the tarball around for the offline mirror job
# label: layer-archive, layer-deleted-later
RUN curl -fsSL -O https://archive.example.org/hadoop/common/hadoop-${HADOOP_VERSION}/hadoop-${HADOOP_VERSION}.tar.gz \
 && tar xf hadoop-${HADOOP_VERSION}.tar.gz \
 && mv hadoop-${HADOOP_VERSION}.tar.gz /var/cache/ \
 && ln -s /opt/hadoop-${HADOOP_VERSION} ${HADOOP_HOME}
RUN rm -rf /opt/hadoop-${HADOOP_VERSION}/share/doc

COPY core-site.xml hdfs-site.xml ${HADOOP_HOME}/etc/hadoop/
COPY --chmod=0755 entrypoint.sh /entrypoint.sh
ENV PATH=${HADOOP_HOME}/bin:${PATH}
ENTRYPOINT ["/entrypoint.sh"]
