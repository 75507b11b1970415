# syntax=docker/dockerfile:1
FROM eclipse-temurin:21-jdk-jammy AS jre-build
RUN $JAVA_HOME/bin/jlink \
        --add-modules java.base,java.logging,java.naming,java.net.http,java.sql,jdk.crypto.ec \
        --strip-debug \
        --no-man-pages \
        --no-header-files \
        --compress=2 \
        --output /javaruntime

FROM gradle:8.7-jdk21 AS app-build
WORKDIR /workspace/app
COPY --chown=gradle:gradle . .
RUN --mount=type=cache,target=/home/gradle/.gradle/caches,uid=1000,gid=1000 \
    gradle --no-daemon clean shadowJar

FROM debian:bookworm-slim
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="${JAVA_HOME}/bin:${PATH}"
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/*
COPY --from=jre-build /javaruntime $JAVA_HOME
RUN mkdir /srv/relay && useradd --system --home /srv/relay relay && chown relay /srv/relay
COPY --from=app-build --chown=relay /workspace/app/build/libs/relay-all.jar /srv/relay/relay.jar
USER relay
WORKDIR /srv/relay
ENTRYPOINT ["/usr/bin/tini", "--", "java", "-jar", "relay.jar"]
