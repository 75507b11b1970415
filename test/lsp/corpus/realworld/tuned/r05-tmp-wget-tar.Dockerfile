FROM ubuntu:22.04
# label: layer-cache
RUN apt-get update -qq \
&& apt-get install -y wget
# label: layer-archive
RUN cd /tmp \
&& wget https://example.com/src/ops-portal.linux.2.1.0.tar.gz \
&& tar xvzf ops-portal.linux.2.1.0.tar.gz
CMD ["/tmp/ops-portal"]
