FROM eclipse-temurin:21-jdk
WORKDIR /workspace
COPY . .
# label: layer-cache
RUN ./gradlew bootJar --no-daemon
ENTRYPOINT ["java", "-jar", "build/libs/app.jar"]
