FROM ubuntu:24.04
WORKDIR /usr/src
# label: layer-archive
RUN wget https://example.com/src/nginx-1.26.1.tar.gz && tar xvfz nginx-1.26.1.tar.gz
