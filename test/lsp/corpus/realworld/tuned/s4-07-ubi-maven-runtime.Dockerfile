# Modelled on: Java service images on UBI (maven builder stage on ubi openjdk, ubi-minimal runtime with microdnf)
FROM registry.access.redhat.com/ubi9/openjdk-17 AS build
WORKDIR /home/default/src
COPY pom.xml .
RUN mvn -B dependency:go-offline
COPY src ./src
RUN mvn -B package -DskipTests

FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y java-17-openjdk-headless shadow-utils && microdnf clean all
RUN useradd -r -u 185 svc
COPY --from=build /home/default/src/target/orders-*.jar /deployments/orders.jar
COPY config/application.yml /deployments/config/
# label: layer-rewrite
RUN chown svc /deployments/orders.jar
USER 185
CMD ["java", "-jar", "/deployments/orders.jar"]
