FROM debian:bookworm-slim

ENV HIVE_VERSION=3.1.3 \
    HIVE_HOME=/opt/hive
ENV HIVE_URL=https://archive.example.org/hive/hive-${HIVE_VERSION}/apache-hive-${HIVE_VERSION}-bin.tar.gz

# label: layer-cache
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl procps \
 && apt-get clean

WORKDIR /opt
# label: layer-archive, layer-deleted-later
RUN curl -fsSLO "$HIVE_URL"

# label: layer-deleted-later
RUN mkdir -p $HIVE_HOME \
 && tar -xzf apache-hive-${HIVE_VERSION}-bin.tar.gz -C $HIVE_HOME --strip-components=1 \
 && rm apache-hive-${HIVE_VERSION}-bin.tar.gz

# not needed by a metastore-only image
RUN rm -rf $HIVE_HOME/hcatalog $HIVE_HOME/examples

# the JDBC driver is used as a jar, never unpacked
ADD https://repo.example.org/maven2/org/postgresql/postgresql/42.7.3/postgresql-42.7.3.jar $HIVE_HOME/lib/

COPY --chown=1000:1000 hive-site.xml $HIVE_HOME/conf/
RUN useradd -u 1000 -d $HIVE_HOME hive
USER hive
EXPOSE 9083
CMD ["/opt/hive/bin/hive", "--service", "metastore"]
