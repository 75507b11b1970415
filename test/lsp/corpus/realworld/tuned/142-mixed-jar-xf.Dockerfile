FROM eclipse-temurin:17-jre
WORKDIR /app
# label: layer-archive
COPY target/service.jar /app/service.jar
RUN jar xf service.jar
