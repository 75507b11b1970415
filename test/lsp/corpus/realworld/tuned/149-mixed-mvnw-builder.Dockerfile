FROM eclipse-temurin:21-jdk AS build
WORKDIR /workspace
COPY . .
RUN ./mvnw -B package -DskipTests
FROM eclipse-temurin:21-jre
COPY --from=build /workspace/target/app.jar /app.jar
