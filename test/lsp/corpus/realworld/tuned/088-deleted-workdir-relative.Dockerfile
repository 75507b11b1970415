FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /build
COPY pom.xml .
COPY src ./src
RUN mvn -B -q package -DskipTests
FROM eclipse-temurin:21-jre
WORKDIR /app
# label: layer-deleted-later
COPY --from=build /build/target/ ./
RUN rm -rf ./classes ./maven-archiver ./generated-sources
