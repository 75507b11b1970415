FROM eclipse-temurin:21-jre AS layers
WORKDIR /layers
COPY target/app.jar app.jar
RUN java -Djarmode=layertools -jar app.jar extract
FROM eclipse-temurin:21-jre
WORKDIR /app
COPY --from=layers /layers/dependencies/ ./
COPY --from=layers /layers/application/ ./
