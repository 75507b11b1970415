FROM tomcat:10.1-jdk17-temurin
RUN apt-get update \
    && apt-get install -y --no-install-recommends unzip \
    && rm -rf /var/lib/apt/lists/*
# the base image ships an empty webapps; drop the copies of the examples
RUN rm -rf /usr/local/tomcat/webapps.dist
# label: layer-archive, layer-deleted-later
COPY build/libs/portal.war /tmp/portal.war
RUN mkdir -p /usr/local/tomcat/webapps/ROOT \
    && cd /usr/local/tomcat/webapps/ROOT \
    && unzip -q /tmp/portal.war \
    && rm /tmp/portal.war
COPY conf/context.xml /usr/local/tomcat/conf/context.xml
EXPOSE 8080
CMD ["catalina.sh", "run"]
