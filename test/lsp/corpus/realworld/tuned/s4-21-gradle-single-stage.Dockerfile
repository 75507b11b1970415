# Modelled on: Gradle-built Spring services built and run in one temurin stage (apt cache mounts, gradle wrapper, bootJar)
FROM eclipse-temurin:21-jdk-jammy
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends fontconfig
WORKDIR /workspace
COPY . .
# label: layer-cache, layer-deleted-later
RUN ./gradlew --no-daemon bootJar
RUN cp build/libs/billing-*.jar /billing.jar && rm -rf build
EXPOSE 8080
CMD ["java", "-jar", "/billing.jar"]
