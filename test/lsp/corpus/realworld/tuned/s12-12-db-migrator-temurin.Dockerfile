FROM eclipse-temurin:21-jre-jammy

ARG MIGRATOR_VERSION=10.15.2
ENV MIGRATOR_URL=https://repo.example.org/migrator/${MIGRATOR_VERSION}/migrator-cli-${MIGRATOR_VERSION}-linux-x64.tar.gz

WORKDIR /opt
# label: layer-archive, layer-deleted-later
RUN curl -fsSLO ${MIGRATOR_URL} \
 && tar xvfz migrator-cli-${MIGRATOR_VERSION}-linux-x64.tar.gz \
 && ln -s /opt/migrator-${MIGRATOR_VERSION}/migrator /usr/local/bin/migrator

# tidy up the download
RUN rm -f /opt/migrator-cli-*.tar.gz

COPY sql/ /migrations/sql/
COPY conf/migrator.conf /etc/migrator.conf
ENV MIGRATOR_CONFIG_FILES=/etc/migrator.conf
ENTRYPOINT ["migrator"]
CMD ["-locations=filesystem:/migrations/sql", "migrate"]
