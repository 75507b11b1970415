FROM eclipse-temurin:17-jdk-jammy
WORKDIR /app
COPY gradlew settings.gradle build.gradle ./
COPY gradle ./gradle
# label: layer-cache
RUN ./gradlew dependencies --no-daemon
COPY src ./src
# label: layer-cache
RUN ./gradlew build -x test --no-daemon
