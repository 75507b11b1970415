FROM eclipse-temurin:21-jdk-jammy AS build
ARG CLOJURE_VERSION=1.11.3.1463
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl rlwrap \
 && rm -rf /var/lib/apt/lists/* \
 && curl -fsSL -o /tmp/linux-install.sh https://download.example.com/install/linux-install-${CLOJURE_VERSION}.sh \
 && bash /tmp/linux-install.sh \
 && rm /tmp/linux-install.sh
WORKDIR /src
COPY deps.edn build.clj ./
RUN --mount=type=cache,target=/root/.m2 --mount=type=cache,target=/root/.gitlibs clojure -P -T:build
COPY src src
COPY resources resources
RUN --mount=type=cache,target=/root/.m2 --mount=type=cache,target=/root/.gitlibs clojure -T:build uber

FROM eclipse-temurin:21-jre-jammy
RUN useradd -r -u 10001 app
COPY --from=build --chown=app /src/target/reports-standalone.jar /srv/reports.jar
# pulls report templates from a private git server
# label: layer-secret
COPY --chown=app config/id_ed25519 /home/app/.ssh/id_ed25519
COPY --chown=app config/known_hosts /home/app/.ssh/known_hosts
USER app
CMD ["java", "-jar", "/srv/reports.jar"]
