# Modelled on: JVM broker/database images (Kafka/Cassandra style) unpacked from an Apache-mirror tarball
FROM eclipse-temurin:17-jre-jammy
ENV BROKER_VERSION=3.7.0
ENV BROKER_URL=https://archive.example.org/dist/streamer/${BROKER_VERSION}/streamer-${BROKER_VERSION}.tgz
WORKDIR /opt
# label: layer-archive, layer-deleted-later
RUN curl -LO "$BROKER_URL" \
    && tar xvfz streamer-3.7.0.tgz \
    && mv streamer-3.7.0.tgz /var/tmp/
RUN ln -s /opt/streamer-3.7.0 /opt/streamer && mkdir -p /var/lib/streamer
RUN rm -rf /opt/streamer-3.7.0/site-docs
COPY server.properties /opt/streamer/config/server.properties
EXPOSE 9092
CMD ["/opt/streamer/bin/streamer-server-start.sh", "/opt/streamer/config/server.properties"]
