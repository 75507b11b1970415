ARG JAVA_VERSION=17

FROM eclipse-temurin:${JAVA_VERSION}-jdk-jammy AS fetch
ARG SPARK_VERSION=3.5.1
ARG HADOOP_PROFILE=hadoop3
ENV SPARK_TGZ_URL=https://archive.example.org/spark/spark-${SPARK_VERSION}/spark-${SPARK_VERSION}-bin-${HADOOP_PROFILE}.tgz

# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends curl gnupg

WORKDIR /work
RUN set -ex; \
    curl -fsSL -o spark.tgz "$SPARK_TGZ_URL"; \
    curl -fsSL -o spark.tgz.asc "$SPARK_TGZ_URL.asc"; \
    mkdir -p /opt/spark; \
    tar -xzf spark.tgz -C /opt/spark --strip-components=1; \
    rm spark.tgz spark.tgz.asc

FROM eclipse-temurin:${JAVA_VERSION}-jre-jammy
ENV SPARK_HOME=/opt/spark
# label: layer-deleted-later
COPY --from=fetch /opt/spark /opt/spark

RUN set -ex; \
    apt-get update; \
    apt-get install -y --no-install-recommends tini procps python3; \
    rm -rf /var/lib/apt/lists/*

# examples and sample data only bloat the runtime image
RUN rm -rf /opt/spark/examples /opt/spark/data

# label: layer-rewrite
RUN groupadd --system --gid=185 spark && \
    useradd --system --uid=185 --gid=spark --home-dir /opt/spark spark && \
    chown -R spark:spark /opt/spark

WORKDIR /opt/spark/work-dir
USER spark
ENTRYPOINT ["/usr/bin/tini", "--"]
