FROM eclipse-temurin:17-jre
# label: layer-secret
COPY keystore/server.p12 /etc/app/server.p12
COPY app.jar /app.jar
