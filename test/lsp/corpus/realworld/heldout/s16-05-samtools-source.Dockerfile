FROM ubuntu:22.04
ARG SAMTOOLS_VERSION=1.19
ENV DEBIAN_FRONTEND=noninteractive

RUN apt-get update && apt-get install -y build-essential wget zlib1g-dev libbz2-dev liblzma-dev \
    libncurses5-dev libcurl4-openssl-dev bzip2 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt
# label: layer-archive
RUN wget https://example.org/samtools/samtools-${SAMTOOLS_VERSION}.tar.bz2 \
 && tar -xjf samtools-${SAMTOOLS_VERSION}.tar.bz2

WORKDIR /opt/samtools-${SAMTOOLS_VERSION}
# label: layer-deleted-later
RUN ./configure --prefix=/usr/local && make && make install
RUN make clean

WORKDIR /data
CMD ["samtools"]
