# syntax=docker/dockerfile:1
FROM eclipse-temurin:17-jdk-alpine AS build
WORKDIR /workspace
COPY gradlew settings.gradle.kts build.gradle.kts ./
COPY gradle/ gradle/
# the wrapper loses its x bit on Windows checkouts
# label: layer-rewrite
RUN chmod +x gradlew
RUN --mount=type=cache,target=/root/.gradle ./gradlew --no-daemon dependencies
COPY src/ src/
RUN --mount=type=cache,target=/root/.gradle ./gradlew --no-daemon bootJar -x test

FROM eclipse-temurin:17-jre-alpine
RUN apk add --no-cache dumb-init \
    && addgroup -S app \
    && adduser -S -G app app
COPY --from=build --chown=app:app /workspace/build/libs/*.jar /opt/app/app.jar
USER app
EXPOSE 8080
ENTRYPOINT ["dumb-init", "--", "java", "-jar", "/opt/app/app.jar"]
