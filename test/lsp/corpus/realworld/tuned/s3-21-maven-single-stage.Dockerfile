# Modelled on: single-stage Java images that build with maven inside the image they run (tutorial and small app repos)
FROM eclipse-temurin:17-jdk
# label: layer-cache
RUN apt-get update && apt-get install -y maven
WORKDIR /opt/app
COPY pom.xml .
# label: layer-deleted-later
COPY src ./src
# label: layer-cache, layer-deleted-later
RUN mvn -q -DskipTests package
RUN cp target/inventory-0.3.0.jar /opt/inventory.jar && rm -rf src target
EXPOSE 8080
CMD ["java", "-jar", "/opt/inventory.jar"]
