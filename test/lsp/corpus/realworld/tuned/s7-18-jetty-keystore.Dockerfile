FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 \
    --mount=type=secret,id=maven-settings,target=/root/.m2/settings.xml \
    mvn -B package -DskipTests

FROM jetty:12.0-jre17-eclipse-temurin
USER root
RUN java -jar "$JETTY_HOME/start.jar" --add-modules=ee10-deploy,https,ssl --approve-all-licenses
COPY --from=build /src/target/portal.war /var/lib/jetty/webapps/ROOT.war
COPY jetty/ssl.ini /var/lib/jetty/start.d/
# label: layer-secret
COPY jetty/portal-keystore.p12 /var/lib/jetty/etc/keystore.p12
COPY jetty/truststore-ca.pem /var/lib/jetty/etc/
# label: layer-rewrite
RUN chown -R jetty:jetty /var/lib/jetty/start.d/ssl.ini /var/lib/jetty/etc
USER jetty
EXPOSE 8443
