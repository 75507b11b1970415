FROM ubuntu:22.04

ARG ES_VERSION=8.14.1
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /usr/share/elasticsearch
# label: layer-deleted-later
RUN curl -fsSL "https://artifacts.example.org/downloads/elasticsearch/elasticsearch-${ES_VERSION}-linux-x86_64.tar.gz" \
    | tar -xz --strip-components=1

# we run on the system JDK instead of the bundled one
RUN rm -rf jdk

# label: layer-rewrite
RUN groupadd -g 1000 elasticsearch \
 && useradd -u 1000 -g 1000 -d /usr/share/elasticsearch elasticsearch \
 && chown -R elasticsearch:root /usr/share/elasticsearch

COPY --chown=1000:0 config/ config/
ENV ES_JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 \
    PATH=/usr/share/elasticsearch/bin:$PATH
USER elasticsearch
EXPOSE 9200 9300
CMD ["elasticsearch"]
