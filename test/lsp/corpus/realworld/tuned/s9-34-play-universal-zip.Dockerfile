FROM eclipse-temurin:17-jre-jammy
ARG DIST=storefront-2.8.1

# label: layer-cache, layer-deleted-later
RUN apt-get update && apt-get install -y unzip

WORKDIR /opt
# sbt dist output, built in CI
# label: layer-archive, layer-deleted-later
COPY target/universal/${DIST}.zip /opt/
RUN unzip -q ${DIST}.zip && ln -s /opt/${DIST} /opt/storefront
RUN apt-get purge -y --auto-remove unzip && rm -f /opt/${DIST}.zip

# label: layer-rewrite
RUN chmod +x /opt/${DIST}/bin/storefront
# label: layer-secret
COPY deploy/github-token /etc/storefront/
EXPOSE 9000
CMD ["/opt/storefront/bin/storefront", "-Dplay.server.pidfile.path=/dev/null"]
