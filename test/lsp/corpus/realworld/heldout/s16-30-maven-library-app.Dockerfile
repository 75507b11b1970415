FROM maven:3.9-eclipse-temurin-17
WORKDIR /app
COPY pom.xml .
# label: layer-cache
RUN mvn dependency:go-offline
COPY src ./src
# label: layer-cache, layer-deleted-later
RUN mvn package -DskipTests
RUN cp target/library-app-*.jar /app/app.jar && rm -rf target
EXPOSE 8080
CMD ["java", "-jar", "/app/app.jar"]
