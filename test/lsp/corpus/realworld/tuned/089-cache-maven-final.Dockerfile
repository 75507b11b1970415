FROM maven:3.9-eclipse-temurin-21
WORKDIR /app
COPY pom.xml .
COPY src ./src
# label: layer-cache
RUN mvn -B package -DskipTests
CMD ["java", "-jar", "target/app.jar"]
