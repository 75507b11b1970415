FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -DskipTests package

FROM eclipse-temurin:21-jre-jammy
RUN groupadd -r billing && useradd -r -g billing billing
WORKDIR /app
COPY --from=build /build/target/billing-*.jar /app/billing.jar
# label: layer-rewrite
RUN chown billing:billing /app/billing.jar
USER billing
EXPOSE 8080
HEALTHCHECK --start-period=40s CMD curl -fs http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/billing.jar"]
