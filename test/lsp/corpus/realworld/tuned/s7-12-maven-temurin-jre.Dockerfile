FROM maven:3.9.6-eclipse-temurin-17 AS build
WORKDIR /workspace
COPY pom.xml .
# resolved here; this stage is thrown away
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -o package -DskipTests

FROM eclipse-temurin:17-jre-jammy
RUN groupadd --system spring && useradd --system --gid spring spring \
    && mkdir -p /app/config && chown spring:spring /app/config
COPY --from=build --chown=spring:spring /workspace/target/orders-*.jar /app/orders.jar
COPY --chown=spring:spring config/application.yaml /app/config/
USER spring:spring
WORKDIR /app
ENTRYPOINT ["java", "-jar", "/app/orders.jar", "--spring.config.additional-location=/app/config/"]
