FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B dependency:go-offline
COPY src ./src
RUN mvn -B package -DskipTests

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 1001 ledger
WORKDIR /opt/ledger
COPY --from=build --chown=ledger /src/target/ledger-*.jar /opt/ledger/ledger.jar
USER ledger
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/ledger/ledger.jar"]
