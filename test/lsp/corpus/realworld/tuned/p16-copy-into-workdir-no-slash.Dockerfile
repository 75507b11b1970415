FROM eclipse-temurin:21-jre
WORKDIR /opt/shop
RUN mkdir -p /opt/shop/plugins && useradd -r -u 1001 shop
# /opt/shop exists (WORKDIR), so the jar lands inside it
COPY target/shop-server.jar /opt/shop
# label: layer-archive
COPY plugins-bundle.zip /opt/shop/plugins
RUN cd /opt/shop/plugins && unzip -q plugins-bundle.zip
# label: layer-rewrite
RUN chown shop /opt/shop/shop-server.jar
USER shop
ENTRYPOINT ["java", "-jar", "/opt/shop/shop-server.jar"]
