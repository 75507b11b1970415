FROM maven:3.9-eclipse-temurin-21

WORKDIR /usr/src/app
COPY pom.xml .
# label: layer-cache
RUN mvn -B dependency:go-offline

COPY src ./src
# label: layer-cache, layer-deleted-later
RUN mvn -B package -DskipTests \
    && cp target/orders-*.jar /opt/orders.jar

RUN rm -rf target

EXPOSE 8080
CMD ["java", "-jar", "/opt/orders.jar"]
