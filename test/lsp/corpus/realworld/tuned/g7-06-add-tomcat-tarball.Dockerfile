# Modelled on: Tomcat images that drop the sample webapps (pistolpetewu/tomcat-web), here from a vendored Tomcat tarball that ADD unpacks into /opt
FROM eclipse-temurin:17-jre
# label: layer-deleted-later
ADD apache-tomcat-10.1.28.tar.gz /opt/
ENV CATALINA_HOME=/opt/apache-tomcat-10.1.28
RUN rm -rf "$CATALINA_HOME"/webapps/docs "$CATALINA_HOME"/webapps/examples
RUN groupadd -r tomcat && useradd -r -g tomcat -d /opt/apache-tomcat-10.1.28 tomcat
# label: layer-rewrite
RUN chown -R tomcat:tomcat /opt/apache-tomcat-10.1.28
COPY --chown=tomcat:tomcat target/shop.war /opt/apache-tomcat-10.1.28/webapps/ROOT.war
USER tomcat
CMD ["/opt/apache-tomcat-10.1.28/bin/catalina.sh", "run"]
