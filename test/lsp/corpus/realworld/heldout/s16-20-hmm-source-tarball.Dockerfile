FROM ubuntu:22.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential python3 python3-pip \
 && rm -rf /var/lib/apt/lists/*

# vendored because the upstream site is flaky
# label: layer-archive
COPY vendor/hmmtool-3.4.tar.gz /tmp/
RUN cd /tmp && tar -xzf hmmtool-3.4.tar.gz && cd hmmtool-3.4 \
 && ./configure --prefix=/usr/local && make -j4 && make install \
 && cd /tmp && rm -rf hmmtool-3.4

# label: layer-cache
RUN pip3 install biopython pandas
COPY scripts/ /usr/local/bin/
# label: layer-rewrite
RUN chmod +x /usr/local/bin/*.py
