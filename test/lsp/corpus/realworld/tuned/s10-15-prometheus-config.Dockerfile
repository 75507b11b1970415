FROM prom/prometheus:v2.53.0

COPY prometheus.yml /etc/prometheus/prometheus.yml
COPY rules/ /etc/prometheus/rules/
COPY web-config.yml /etc/prometheus/web-config.yml
# scrape targets behind basic auth
# label: layer-secret
COPY secrets/basic_auth_password /etc/prometheus/basic_auth_password

CMD ["--config.file=/etc/prometheus/prometheus.yml", \
     "--web.config.file=/etc/prometheus/web-config.yml", \
     "--storage.tsdb.path=/prometheus"]
