# syntax=docker/dockerfile:1
FROM eclipse-temurin:21-jdk-jammy AS build
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B dependency:go-offline
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B package -DskipTests

FROM eclipse-temurin:21-jre-jammy
# exploded jar starts faster than java -jar
# label: layer-archive, layer-deleted-later
COPY --from=build /workspace/target/billing-*.jar /tmp/billing.jar
RUN apt-get update \
    && apt-get install -y --no-install-recommends unzip \
    && mkdir -p /opt/billing \
    && unzip -q /tmp/billing.jar -d /opt/billing \
    && rm /tmp/billing.jar \
    && apt-get purge -y --auto-remove unzip \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --no-create-home billing
USER billing
WORKDIR /opt/billing
EXPOSE 8080
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
