# Modelled on: Gradle/Kotlin service images using the wrapper (gradlew) in a JDK builder, JRE alpine runtime
FROM eclipse-temurin:21-jdk-alpine AS build
WORKDIR /home/app
COPY gradlew settings.gradle.kts build.gradle.kts ./
COPY gradle ./gradle
# label: layer-rewrite
RUN chmod +x gradlew
COPY src ./src
RUN ./gradlew --no-daemon bootJar -x test

FROM eclipse-temurin:21-jre-alpine
RUN addgroup -S app && adduser -S app -G app
WORKDIR /opt/app
COPY --from=build /home/app/build/libs/*.jar app.jar
COPY --chmod=755 docker/entrypoint.sh /opt/app/entrypoint.sh
USER app
ENTRYPOINT ["/opt/app/entrypoint.sh"]
