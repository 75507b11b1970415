FROM eclipse-temurin:21-jre
ENV GRADLE_DIST=https://example.com/distributions/gradle-8.8-bin.zip
WORKDIR /opt
# label: layer-archive
RUN curl -fsSLO "$GRADLE_DIST" && unzip -q gradle-8.8-bin.zip
ENV PATH=/opt/gradle-8.8/bin:$PATH
