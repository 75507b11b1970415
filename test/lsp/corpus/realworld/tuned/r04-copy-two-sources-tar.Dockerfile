FROM example/runtime:2
# label: layer-archive, layer-deleted-later
COPY installation/ proxy.tar.gz /app/
RUN cd /app \
 && tar -zxf proxy.tar.gz -C /etc/ \
 && rm -f proxy.tar.gz
