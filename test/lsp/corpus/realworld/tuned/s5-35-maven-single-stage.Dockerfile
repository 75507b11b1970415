# Modelled on: single-stage Maven images that build the jar and run it from the same image
FROM maven:3.9-eclipse-temurin-21
WORKDIR /opt/build
COPY pom.xml .
# label: layer-cache
RUN mvn -B dependency:go-offline
COPY src ./src
# label: layer-cache, layer-deleted-later
RUN mvn -B package -DskipTests && cp target/ledger-*.jar /opt/ledger.jar
RUN rm -rf target
CMD ["java", "-jar", "/opt/ledger.jar"]
