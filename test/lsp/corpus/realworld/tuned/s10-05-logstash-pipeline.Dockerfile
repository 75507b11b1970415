FROM docker.elastic.co/logstash/logstash:8.14.1

# the image ships a sample pipeline; ours replaces it
RUN rm -f /usr/share/logstash/pipeline/logstash.conf

COPY --chown=logstash:root pipeline/ /usr/share/logstash/pipeline/
COPY --chown=logstash:root config/logstash.yml config/pipelines.yml /usr/share/logstash/config/
COPY --chown=logstash:root drivers/postgresql-42.7.3.jar /usr/share/logstash/vendor/jdbc/
COPY .env.example /usr/share/logstash/.env.example

ENV LS_JAVA_OPTS="-Xms512m -Xmx512m" \
    XPACK_MONITORING_ENABLED=false
