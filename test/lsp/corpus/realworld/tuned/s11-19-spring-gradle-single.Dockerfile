FROM eclipse-temurin:21-jdk

WORKDIR /app
# label: layer-deleted-later
COPY . .

# label: layer-rewrite
RUN chmod +x gradlew
# label: layer-cache, layer-deleted-later
RUN ./gradlew bootJar --no-daemon

# keep only the jar
RUN cp build/libs/*.jar app.jar && rm -rf build src

EXPOSE 8080
CMD ["java", "-jar", "app.jar"]
