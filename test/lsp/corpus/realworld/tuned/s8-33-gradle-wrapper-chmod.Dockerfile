# syntax=docker/dockerfile:1.6
FROM eclipse-temurin:21-jdk AS build

WORKDIR /workspace
COPY gradlew settings.gradle.kts build.gradle.kts ./
COPY gradle ./gradle
# the executable bit got lost on a Windows checkout
# label: layer-rewrite
RUN chmod +x gradlew

RUN --mount=type=cache,target=/root/.gradle \
    ./gradlew --no-daemon dependencies > /dev/null

COPY src ./src
RUN --mount=type=cache,target=/root/.gradle \
    ./gradlew --no-daemon bootJar \
    && cp build/libs/*.jar /workspace/app.jar

FROM eclipse-temurin:21-jre
RUN groupadd -r app && useradd -r -g app app
COPY --from=build --chown=app:app /workspace/app.jar /opt/app/app.jar
USER app
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/app/app.jar"]
