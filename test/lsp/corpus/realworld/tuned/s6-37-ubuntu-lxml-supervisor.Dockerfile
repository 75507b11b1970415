FROM ubuntu:22.04

ENV DEBIAN_FRONTEND=noninteractive

# label: layer-deleted-later
RUN apt-get update && apt-get install -y --no-install-recommends \
        build-essential \
        python3-dev \
        python3-pip \
        libxml2-dev \
        libxslt1-dev \
        supervisor \
    && rm -rf /var/lib/apt/lists/*

COPY requirements.txt /tmp/requirements.txt
RUN pip3 install --no-cache-dir -r /tmp/requirements.txt

# small C helper vendored with the scraper
COPY vendor/urlnorm/ /usr/src/urlnorm/
# label: layer-deleted-later
RUN cd /usr/src/urlnorm \
    && ./configure --prefix=/usr/local \
    && make -j"$(nproc)" \
    && make install
RUN cd /usr/src/urlnorm && make clean

# compilers are only needed for the wheels above
RUN apt-get purge -y build-essential python3-dev libxml2-dev libxslt1-dev \
    && apt-get autoremove -y

# label: layer-rewrite
RUN sed -i 's/^\[supervisord\]$/[supervisord]\nnodaemon=true/' /etc/supervisor/supervisord.conf \
    && mkdir -p /var/log/supervisor \
    && chown -R nobody /var/log/supervisor

COPY supervisor/ /etc/supervisor/conf.d/
COPY app/ /opt/scraper/
WORKDIR /opt/scraper
CMD ["/usr/bin/supervisord", "-c", "/etc/supervisor/supervisord.conf"]
