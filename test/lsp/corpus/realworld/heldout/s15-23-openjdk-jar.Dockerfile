FROM openjdk:17-slim

RUN groupadd -r svc && useradd -r -g svc svc
WORKDIR /opt/app

COPY target/orders-*.jar /opt/app/orders.jar
# label: layer-rewrite
RUN chown svc:svc /opt/app/orders.jar

COPY docker/logback.xml /opt/app/config/
USER svc
EXPOSE 8080
ENTRYPOINT ["java", "-Dlogging.config=/opt/app/config/logback.xml", "-jar", "orders.jar"]
