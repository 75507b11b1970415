# Modelled on: Tomcat images deploying an exploded WAR as the ROOT webapp
FROM tomcat:10.1-jdk17-temurin
RUN rm -rf /usr/local/tomcat/webapps.dist
# label: layer-archive
COPY build/libs/portal.war /tmp/portal.war
RUN apt-get update \
    && apt-get install -y --no-install-recommends unzip \
    && rm -rf /var/lib/apt/lists/* \
    && unzip -q /tmp/portal.war -d /usr/local/tomcat/webapps/ROOT
# label: layer-rewrite
RUN chown -R 1000:1000 /usr/local/tomcat/webapps/ROOT
USER 1000
EXPOSE 8080
