FROM metabase/metabase:v0.50.6

ENV MB_PLUGINS_DIR=/plugins
ARG DUCKDB_DRIVER_URL=https://drivers.example.com/duckdb/0.2.9/duckdb.metabase-driver.jar

RUN mkdir -p /plugins
ADD ${DUCKDB_DRIVER_URL} /plugins/
# label: layer-rewrite
RUN chmod 744 /plugins/duckdb.metabase-driver.jar

# corporate root CA, imported into the JVM trust store
COPY certs/corp-root-ca.crt /usr/local/share/ca-certificates/
RUN keytool -importcert -noprompt -cacerts -storepass changeit \
      -alias corp-root -file /usr/local/share/ca-certificates/corp-root-ca.crt
