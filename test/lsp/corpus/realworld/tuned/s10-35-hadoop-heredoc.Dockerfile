# syntax=docker/dockerfile:1.7
FROM eclipse-temurin:11-jre-jammy

ARG HADOOP_VERSION=3.3.6
ENV HADOOP_HOME=/opt/hadoop \
    HADOOP_CONF_DIR=/opt/hadoop/etc/hadoop

# label: layer-deleted-later
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends curl gnupg
cd /tmp
curl -fsSLO "https://archive.example.org/hadoop/common/hadoop-${HADOOP_VERSION}/hadoop-${HADOOP_VERSION}.tar.gz"
curl -fsSLO "https://archive.example.org/hadoop/common/hadoop-${HADOOP_VERSION}/hadoop-${HADOOP_VERSION}.tar.gz.asc"
curl -fsSL -o KEYS https://downloads.example.org/hadoop/common/KEYS
export GNUPGHOME="$(mktemp -d)"
gpg --batch --import KEYS
gpg --batch --verify "hadoop-${HADOOP_VERSION}.tar.gz.asc" "hadoop-${HADOOP_VERSION}.tar.gz"
tar -xzf "hadoop-${HADOOP_VERSION}.tar.gz" -C /opt
rm -rf "$GNUPGHOME" KEYS hadoop-${HADOOP_VERSION}.tar.gz*
apt-get purge -y --auto-remove curl gnupg
rm -rf /var/lib/apt/lists/*
EOF

# the docs tree is half the size of the distribution
RUN rm -rf /opt/hadoop-${HADOOP_VERSION}/share/doc \
 && ln -s /opt/hadoop-${HADOOP_VERSION} ${HADOOP_HOME}

COPY core-site.xml hdfs-site.xml ${HADOOP_CONF_DIR}/
# label: layer-rewrite
RUN sed -i 's|^# export JAVA_HOME=.*|export JAVA_HOME=/opt/java/openjdk|' \
      /opt/hadoop-${HADOOP_VERSION}/etc/hadoop/hadoop-env.sh

RUN useradd -m -u 1000 hdfs && mkdir -p /hadoop/dfs/data && chown -R hdfs /hadoop
USER hdfs
VOLUME /hadoop/dfs/data
CMD ["/opt/hadoop/bin/hdfs", "datanode"]
