FROM eclipse-temurin:17-jre

WORKDIR /opt/consumer
COPY build/libs/consumer-all.jar consumer.jar
COPY config/consumer.properties /etc/consumer/consumer.properties

# label: layer-secret
COPY secrets/consumer.keystore.jks /etc/kafka/secrets/
COPY secrets/ca.crt /etc/kafka/secrets/

CMD ["java", "-jar", "consumer.jar", "/etc/consumer/consumer.properties"]
