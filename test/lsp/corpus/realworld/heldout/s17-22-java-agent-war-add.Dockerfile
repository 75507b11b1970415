FROM eclipse-temurin:17-jre
ARG APP_VERSION=3.4.2
RUN apt-get update && apt-get install -y --no-install-recommends unzip \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /opt/reports
# label: layer-archive
ADD https://artifacts.example.com/reports/reports-${APP_VERSION}.war /tmp/reports.war
RUN unzip -q /tmp/reports.war -d /opt/reports
ADD --checksum=sha256:5f2c0b1e9a7d3c4b8e6f0a1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f3 \
    https://artifacts.example.com/otel/otel-javaagent-1.32.0.jar /opt/otel/otel-javaagent.jar
ENV JAVA_TOOL_OPTIONS="-javaagent:/opt/otel/otel-javaagent.jar"
WORKDIR /opt/reports
EXPOSE 8080
CMD ["java", "-cp", "WEB-INF/classes:WEB-INF/lib/*", "com.example.reports.Main"]
