FROM registry.access.redhat.com/ubi9/openjdk-21:1.20 AS build
USER root
WORKDIR /build
COPY pom.xml .
COPY .mvn .mvn
COPY src ./src
RUN mvn -B -q package -DskipTests

FROM registry.access.redhat.com/ubi9/openjdk-21-runtime:1.20
ENV LANGUAGE='en_US:en'
COPY --from=build /build/target/ledger-*.jar /deployments/ledger.jar
USER root
# label: layer-rewrite
RUN chown 185:0 /deployments/ledger.jar && chmod 640 /deployments/ledger.jar
USER 185
ENV JAVA_APP_JAR=/deployments/ledger.jar
EXPOSE 8080
