# Modelled on: JVM images that add vendor agents and collectors from release archives (COPY/ADD of tarballs and zips)
FROM eclipse-temurin:21-jre-alpine
# label: layer-archive, layer-deleted-later
COPY dist/telemetry-collector-0.104.0.tar.gz /tmp
RUN tar -xzf /tmp/telemetry-collector-0.104.0.tar.gz -C /opt \
    && rm /tmp/telemetry-collector-0.104.0.tar.gz
ADD vendor/metrics-exporter-1.0.1.tar.gz /opt/
# label: layer-archive
ADD https://downloads.example.com/agent/apm-agent-2.4.1.zip /opt/agent/
RUN cd /opt/agent && unzip -q apm-agent-2.4.1.zip
COPY --from=example.com/platform/app-base:2.3 /app/app.jar /app/app.jar
ENV JAVA_TOOL_OPTIONS="-javaagent:/opt/agent/apm-agent.jar"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
