# Modelled on: Tomcat application-server images built from upstream tarballs (CATALINA_HOME layout, WAR deployment)
FROM eclipse-temurin:17-jre-jammy
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
ENV CATALINA_HOME=/opt/tomcat
ENV TOMCAT_VERSION=10.1.28
ENV TOMCAT_URL=https://archive.example.org/tomcat/v${TOMCAT_VERSION}/apache-tomcat-${TOMCAT_VERSION}.tar.gz
WORKDIR /opt
# label: layer-archive, layer-deleted-later
RUN curl -fsSLO "$TOMCAT_URL" \
    && tar xvfz apache-tomcat-${TOMCAT_VERSION}.tar.gz \
    && mv apache-tomcat-${TOMCAT_VERSION} tomcat \
    && mv apache-tomcat-${TOMCAT_VERSION}.tar.gz /var/tmp/
RUN rm -rf ${CATALINA_HOME}/webapps/examples ${CATALINA_HOME}/webapps/docs
# label: layer-rewrite
RUN chmod +x ${CATALINA_HOME}/bin/*.sh
COPY --chown=1000:1000 target/storefront.war ${CATALINA_HOME}/webapps/ROOT.war
ENV PATH=$CATALINA_HOME/bin:$PATH
EXPOSE 8080
CMD ["catalina.sh", "run"]
