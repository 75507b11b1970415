# syntax=docker/dockerfile:1.6
ARG JAVA_VERSION=17

FROM registry.access.redhat.com/ubi9/openjdk-${JAVA_VERSION}:1.18 AS build
WORKDIR /build
COPY --chown=185 pom.xml .
COPY --chown=185 src ./src
# the local repository lives in a cache mount, so it never reaches a layer
RUN --mount=type=cache,target=/home/default/.m2,uid=185 \
    mvn -B -q package -DskipTests

FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
ENV LANG=C.UTF-8 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75"
RUN microdnf install -y --nodocs --setopt=install_weak_deps=0 \
        java-17-openjdk-headless shadow-utils \
    && microdnf clean all \
    && useradd -r -u 1001 -g 0 ledger
WORKDIR /deployments
COPY --from=build --chown=1001:0 /build/target/ledger-*.jar /deployments/ledger.jar
USER 1001
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /deployments/ledger.jar"]
