FROM eclipse-temurin:21-jdk-alpine AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.gradle ./gradlew --no-daemon installDist
RUN jlink \
      --add-modules java.base,java.logging,java.naming,java.sql,jdk.unsupported \
      --strip-debug --no-man-pages --no-header-files --compress=2 \
      --output /jre

FROM alpine:3.19
RUN apk add --no-cache tini
ENV JAVA_HOME=/opt/jre PATH=/opt/jre/bin:$PATH
COPY --from=build /jre /opt/jre
COPY --from=build --chown=1000:1000 /src/build/install/tracker /opt/tracker
COPY --chmod=0755 docker/start.sh /usr/local/bin/start.sh
USER 1000
ENTRYPOINT ["/sbin/tini", "--", "/usr/local/bin/start.sh"]
