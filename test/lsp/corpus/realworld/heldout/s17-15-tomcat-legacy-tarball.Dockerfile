# Legacy shop monolith on a hand-installed Tomcat
FROM eclipse-temurin:11-jre
ENV TOMCAT_VERSION=9.0.89
ENV TOMCAT_URL=https://downloads.example.org/tomcat/v${TOMCAT_VERSION}/apache-tomcat-${TOMCAT_VERSION}.tar.gz
ENV CATALINA_HOME=/opt/apache-tomcat-9.0.89
WORKDIR /opt
# label: layer-archive, layer-deleted-later
RUN curl -fsSLO "$TOMCAT_URL" \
    && tar xzf apache-tomcat-${TOMCAT_VERSION}.tar.gz
# label: layer-rewrite
RUN rm -rf /opt/apache-tomcat-9.0.89/webapps/examples /opt/apache-tomcat-9.0.89/webapps/docs \
    && chmod +x /opt/apache-tomcat-9.0.89/bin/*.sh
COPY target/shop.war /opt/apache-tomcat-9.0.89/webapps/ROOT.war
COPY conf/server.xml /opt/apache-tomcat-9.0.89/conf/server.xml
EXPOSE 8080
CMD ["/opt/apache-tomcat-9.0.89/bin/catalina.sh", "run"]
