FROM tomcat:9-jdk17
RUN rm -rf /usr/local/tomcat/webapps/ROOT/
# label: layer-archive, layer-deleted-later
COPY target/shop.war /usr/local/tomcat/webapps/ROOT/
RUN cd /usr/local/tomcat/webapps/ROOT && unzip shop.war && \
    rm -rf /usr/local/tomcat/webapps/ROOT/shop.war
