FROM docker.elastic.co/elasticsearch/elasticsearch:8.14.1

WORKDIR /usr/share/elasticsearch

# analysis plugins baked in for offline clusters
RUN bin/elasticsearch-plugin install --batch analysis-icu analysis-phonetic

COPY --chown=elasticsearch:root elasticsearch.yml config/elasticsearch.yml
COPY --chown=elasticsearch:root certs/ca.crt config/certs/
# label: layer-secret
COPY --chown=elasticsearch:root certs/node01.key certs/node01.crt config/certs/

USER root
# drop the machine learning binaries we never use (they come with the base image)
RUN rm -rf modules/x-pack-ml/platform/linux-x86_64
USER elasticsearch
