FROM registry.access.redhat.com/ubi9/openjdk-17:1.18 AS build
USER root
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q package -DskipTests

FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:1.18
USER root
# label: layer-cache
RUN microdnf install -y --nodocs shadow-utils procps-ng
COPY --from=build /build/target/inventory-*.jar /deployments/app.jar
# label: layer-rewrite
RUN chown 185:0 /deployments/app.jar && chmod 0640 /deployments/app.jar
USER 185
ENV JAVA_APP_JAR=/deployments/app.jar
