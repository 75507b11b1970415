FROM clojure:temurin-21-lein-2.11.2-jammy AS build
WORKDIR /usr/src/app
COPY project.clj .
RUN --mount=type=cache,target=/root/.m2 lein deps
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mv "$(lein uberjar | sed -n 's/^Created \(.*standalone\.jar\)/\1/p')" app-standalone.jar

FROM eclipse-temurin:21-jre-alpine
# label: layer-cache
RUN apk add dumb-init
WORKDIR /srv
COPY --from=build /usr/src/app/app-standalone.jar ./
# the reports job talks to the warehouse with this
# label: layer-secret
COPY resources/keys/warehouse-credentials.json /srv/config/
ENV GOOGLE_APPLICATION_CREDENTIALS=/srv/config/warehouse-credentials.json
ENTRYPOINT ["dumb-init", "java", "-jar", "/srv/app-standalone.jar"]
