FROM grafana/grafana:10.4.2

USER root
RUN apk add --no-cache curl unzip

ARG WORLDMAP_VERSION=1.0.6
# label: layer-archive
RUN curl -fsSL -o /tmp/worldmap.zip \
      "https://grafana.example.com/api/plugins/acme-worldmap-panel/versions/${WORLDMAP_VERSION}/download" \
 && unzip -q /tmp/worldmap.zip -d /var/lib/grafana/plugins

# second plugin done right: archive removed in the same step
RUN curl -fsSL -o /tmp/clock.zip https://grafana.example.com/api/plugins/acme-clock-panel/versions/2.1.5/download \
 && unzip -q /tmp/clock.zip -d /var/lib/grafana/plugins \
 && rm /tmp/clock.zip

COPY provisioning/ /etc/grafana/provisioning/
COPY dashboards /var/lib/grafana/dashboards
# label: layer-rewrite
RUN chown -R grafana:root /etc/grafana/provisioning /var/lib/grafana

USER grafana
