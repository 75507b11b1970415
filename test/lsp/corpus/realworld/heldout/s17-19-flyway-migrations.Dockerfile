FROM eclipse-temurin:17-jre-alpine
ARG FLYWAY_VERSION=10.11.0
ARG FLYWAY_URL=https://repo.example.org/flyway/${FLYWAY_VERSION}/flyway-commandline-${FLYWAY_VERSION}-linux-x64.tar.gz
RUN apk add --no-cache bash
WORKDIR /flyway
# label: layer-archive
RUN wget -q "$FLYWAY_URL" \
    && tar -xzf flyway-commandline-${FLYWAY_VERSION}-linux-x64.tar.gz --strip-components=1 \
    && chmod +x flyway
COPY sql/ /flyway/sql/
# label: layer-secret
COPY deploy/secrets/flyway.conf /flyway/conf/flyway.conf
ENTRYPOINT ["/flyway/flyway"]
CMD ["migrate"]
