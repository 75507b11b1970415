FROM tomcat:10.1-jdk17-temurin-jammy

# drop the sample apps that ship with the image
RUN rm -rf /usr/local/tomcat/webapps/* /usr/local/tomcat/webapps.dist

# unpack the war so the context starts without an expansion step
# label: layer-archive, layer-deleted-later
COPY target/storefront.war /usr/local/tomcat/webapps/ROOT/
RUN cd /usr/local/tomcat/webapps/ROOT \
    && jar -xf storefront.war \
    && rm storefront.war

COPY conf/server.xml /usr/local/tomcat/conf/server.xml
COPY conf/context.xml /usr/local/tomcat/conf/
ARG HTTP_PORT=8081
# label: layer-rewrite
RUN sed -i "s/port=\"8080\"/port=\"${HTTP_PORT}\"/" /usr/local/tomcat/conf/server.xml

ENV CATALINA_OPTS="-Xms256m -Xmx768m"
EXPOSE 8081
CMD ["catalina.sh", "run"]
