# quick image used by the catalog team for staging
FROM eclipse-temurin:17-jdk
LABEL org.opencontainers.image.source="https://git.example.com/catalog/catalog-service"
ENV JAVA_OPTS="-Xms256m -Xmx512m"
WORKDIR /workspace
COPY . .
# label: layer-cache, layer-rewrite
RUN chmod +x gradlew && ./gradlew --no-daemon bootJar -x test
EXPOSE 8080
HEALTHCHECK --interval=20s CMD curl -fs http://localhost:8080/health || exit 1
CMD ["java", "-jar", "build/libs/catalog.jar"]
