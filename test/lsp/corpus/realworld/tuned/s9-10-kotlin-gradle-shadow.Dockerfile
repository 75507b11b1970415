FROM gradle:8.7-jdk21 AS build
WORKDIR /home/gradle/project
COPY --chown=gradle:gradle settings.gradle.kts build.gradle.kts gradle.properties ./
COPY --chown=gradle:gradle src ./src
RUN gradle shadowJar --no-daemon -x test

FROM eclipse-temurin:21-jre-alpine
RUN addgroup -S svc && adduser -S svc -G svc
COPY --from=build --chown=svc:svc /home/gradle/project/build/libs/*-all.jar /srv/app.jar
USER svc
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/srv/app.jar"]
