FROM maven:3.9-eclipse-temurin-21
WORKDIR /build

COPY pom.xml .
# label: layer-cache, layer-deleted-later
RUN mvn -B dependency:go-offline

COPY src ./src
RUN mvn -B -o package -DskipTests \
    && cp target/reports-*.jar /opt/reports.jar \
    && rm -rf target ~/.m2

COPY docs/openapi.yaml /opt/openapi.yaml
ADD https://repo.example.org/otel/opentelemetry-javaagent-2.1.0.jar /opt/otel/
# the report job pushes its output to the archive host over scp
COPY deploy/id_rsa.pub /root/.ssh/
# label: layer-secret
COPY deploy/id_rsa /root/.ssh/id_rsa
EXPOSE 8080
CMD ["java", "-XX:MaxRAMPercentage=75", "-javaagent:/opt/otel/opentelemetry-javaagent-2.1.0.jar", "-jar", "/opt/reports.jar"]
