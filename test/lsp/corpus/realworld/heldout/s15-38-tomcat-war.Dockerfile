FROM tomcat:10.1-jdk17

RUN rm -rf /usr/local/tomcat/webapps/*

# label: layer-archive, layer-deleted-later
COPY dist/portal.war /tmp/
RUN unzip -q /tmp/portal.war -d /usr/local/tomcat/webapps/ROOT
RUN rm /tmp/portal.war

EXPOSE 8080
CMD ["catalina.sh", "run"]
