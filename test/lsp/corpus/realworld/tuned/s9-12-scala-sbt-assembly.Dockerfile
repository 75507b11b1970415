FROM sbtscala/scala-sbt:eclipse-temurin-jammy-17.0.10_7_1.9.9_3.3.3 AS build
WORKDIR /build
COPY project/build.properties project/plugins.sbt project/
COPY build.sbt .
RUN --mount=type=cache,target=/root/.cache/coursier \
    --mount=type=cache,target=/root/.ivy2 \
    --mount=type=cache,target=/root/.sbt \
    sbt update
COPY src src
RUN --mount=type=cache,target=/root/.cache/coursier \
    --mount=type=cache,target=/root/.ivy2 \
    --mount=type=cache,target=/root/.sbt \
    sbt assembly

FROM eclipse-temurin:17-jre-jammy
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl jq \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd -r orders && useradd -r -g orders orders
COPY --from=build --chown=orders:orders /build/target/scala-3.3.3/orders-assembly-*.jar /opt/orders/orders.jar
COPY --chmod=755 docker/entrypoint.sh /usr/local/bin/
USER orders
HEALTHCHECK CMD curl -fsS http://localhost:9000/health | jq -e '.ok' || exit 1
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
