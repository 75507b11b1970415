FROM debian:bookworm

RUN apt-get update && apt-get install -y build-essential wget pkg-config \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /usr/src
RUN wget https://example.org/src/libquux-3.1.tar.gz \
    && tar xzf libquux-3.1.tar.gz \
    && rm libquux-3.1.tar.gz

WORKDIR /usr/src/libquux-3.1
# label: layer-deleted-later
RUN ./configure --prefix=/usr/local \
    && make -j"$(nproc)" \
    && make install \
    && ldconfig

RUN make clean

CMD ["quux", "--version"]
