# Modelled on: single-stage Maven images (mvn package in the maven image, jar moved out, target and sources removed)
FROM maven:3.9.7-eclipse-temurin-17
WORKDIR /opt/app
COPY pom.xml .
# label: layer-deleted-later
COPY src ./src
# label: layer-cache, layer-deleted-later
RUN mvn -B package -DskipTests
RUN mv target/catalog-1.4.0.jar /opt/catalog.jar && rm -rf target src
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/catalog.jar"]
