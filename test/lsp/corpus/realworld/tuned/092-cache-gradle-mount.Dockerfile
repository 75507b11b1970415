# syntax=docker/dockerfile:1
FROM gradle:8.8-jdk21 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.gradle gradle installDist --no-daemon
FROM eclipse-temurin:21-jre
COPY --from=build /src/build/install/app /opt/app
