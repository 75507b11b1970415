FROM debian:bookworm-slim
# expect: layer-archive `/tmp/app-1.4.2.tar.gz` is brought in by this COPY and extracted by the RUN on line 5
# expect: layer-deleted-later `/tmp/app-1.4.2.tar.gz`
COPY app-1.4.2.tar.gz /tmp/
RUN mkdir -p /opt/app && tar -xzf /tmp/app-1.4.2.tar.gz -C /opt/app --strip-components=1 && rm /tmp/app-1.4.2.tar.gz
