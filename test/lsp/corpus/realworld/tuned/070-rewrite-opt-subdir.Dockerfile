FROM eclipse-temurin:21-jre
COPY build/app/ /opt/app/
# label: layer-rewrite
RUN chown -R 1001:0 /opt/app/logs && chmod -R g=u /opt/app/logs
USER 1001
