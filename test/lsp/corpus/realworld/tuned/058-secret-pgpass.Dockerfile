FROM postgres:16
# label: layer-secret
COPY .pgpass /root/.pgpass
# label: layer-rewrite
RUN chmod 600 /root/.pgpass
