# Modelled on: Scala/sbt services assembled into a fat jar and run on an eclipse-temurin JRE
FROM sbtscala/scala-sbt:eclipse-temurin-17.0.10_7_1.9.9_3.4.0 AS build
WORKDIR /app
COPY build.sbt ./
COPY project project
RUN sbt update
COPY src src
RUN sbt assembly

FROM eclipse-temurin:17-jre
WORKDIR /opt/tally
COPY --from=build /app/target/scala-3.4.0/tally-assembly.jar /opt/tally/tally.jar
# label: layer-rewrite
RUN chown 1001:1001 /opt/tally/tally.jar
USER 1001
CMD ["java", "-jar", "/opt/tally/tally.jar"]
