FROM eclipse-temurin:21-jre
# label: layer-secret
COPY conf/service.jks /opt/app/conf/service.jks
COPY conf/app.properties /opt/app/conf/
