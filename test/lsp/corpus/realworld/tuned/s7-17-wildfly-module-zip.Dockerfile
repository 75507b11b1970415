FROM quay.io/wildfly/wildfly:30.0.1.Final-jdk17

ENV JBOSS_HOME=/opt/jboss/wildfly
ARG PG_MODULE_URL=https://downloads.example.com/wildfly/pg-module-1.4.zip

# JDBC driver packaged as a WildFly module
# label: layer-archive, layer-deleted-later
ADD --chown=jboss:jboss ${PG_MODULE_URL} /tmp/
RUN cd $JBOSS_HOME/modules \
    && unzip -q /tmp/pg-module-1.4.zip \
    && rm /tmp/pg-module-1.4.zip

COPY --chown=jboss:jboss standalone-claims.xml $JBOSS_HOME/standalone/configuration/
COPY --chown=jboss:jboss target/claims.war $JBOSS_HOME/standalone/deployments/

# management user for the admin console (writes the image's own properties files)
RUN $JBOSS_HOME/bin/add-user.sh -u console -p "$(head -c 18 /dev/urandom | base64)" --silent

EXPOSE 8080 9990
CMD ["/opt/jboss/wildfly/bin/standalone.sh", "-b", "0.0.0.0", "-bmanagement", "0.0.0.0", "-c", "standalone-claims.xml"]
