FROM maven:3.9.8-eclipse-temurin-17
WORKDIR /usr/src/app
COPY pom.xml .
# label: layer-cache
RUN mvn -B -e -C dependency:go-offline
COPY src ./src
# label: layer-cache
RUN mvn -B package
