FROM docker.elastic.co/kibana/kibana:8.14.1

USER root
# CJK fonts for PDF reports
# label: layer-cache
RUN apt-get update && \
    apt-get install -y --no-install-recommends fonts-noto-cjk fonts-liberation && \
    fc-cache -f

COPY kibana.yml /usr/share/kibana/config/kibana.yml
# label: layer-rewrite
RUN sed -i \
      -e 's|^#\?server.publicBaseUrl:.*|server.publicBaseUrl: "https://kibana.example.com"|' \
      -e 's|^#\?server.name:.*|server.name: kibana-reports|' \
      /usr/share/kibana/config/kibana.yml

USER kibana
