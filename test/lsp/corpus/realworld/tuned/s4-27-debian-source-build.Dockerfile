# Modelled on: source-built libraries/daemons on debian (configure/make install from a release tarball, build deps purged later)
FROM debian:bookworm-slim
ENV LIBEVT_VERSION=2.1.12
# label: layer-deleted-later
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl gcc make libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /usr/src
# label: layer-archive
RUN curl -fsSLO https://dist.example.org/libevt/libevt-${LIBEVT_VERSION}.tar.gz \
    && tar xvfz libevt-${LIBEVT_VERSION}.tar.gz
WORKDIR /usr/src/libevt-${LIBEVT_VERSION}
# label: layer-deleted-later
RUN ./configure --prefix=/usr/local && make -j"$(nproc)" && make install && ldconfig
RUN make clean
RUN apt-get purge -y --auto-remove gcc make libc6-dev
WORKDIR /
