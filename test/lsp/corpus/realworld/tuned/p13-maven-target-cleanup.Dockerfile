FROM maven:3.9-eclipse-temurin-21
WORKDIR /build
COPY pom.xml .
COPY src ./src
# label: layer-cache, layer-deleted-later
RUN mvn -B -q package -DskipTests
# the jar is moved out; the rest of target/ and the local repository stay in the layer above
RUN mv target/app-*.jar /opt/app.jar && rm -rf target
ENTRYPOINT ["java", "-jar", "/opt/app.jar"]
