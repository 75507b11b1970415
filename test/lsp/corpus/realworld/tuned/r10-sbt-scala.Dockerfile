FROM eclipse-temurin:17-jdk
ARG SBT_VERSION=1.10.0
# label: layer-archive
RUN curl -fsSL -o sbt.tgz https://example.com/sbt/sbt-${SBT_VERSION}.tgz \
    && tar -xzf sbt.tgz -C /usr/local
ENV PATH=/usr/local/sbt/bin:$PATH
