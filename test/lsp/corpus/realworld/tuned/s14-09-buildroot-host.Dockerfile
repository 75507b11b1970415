FROM debian:bookworm

ENV BR_VERSION=2024.02.3

# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends \
    bc bison build-essential cpio file flex git libncurses-dev rsync unzip wget python3 ca-certificates \
 && apt-get clean

WORKDIR /opt
# label: layer-archive, layer-deleted-later
RUN wget -q https://buildroot.example.org/downloads/buildroot-${BR_VERSION}.tar.gz \
 && tar xzf buildroot-${BR_VERSION}.tar.gz

COPY configs/board_defconfig /opt/buildroot-${BR_VERSION}/configs/
RUN rm -f buildroot-${BR_VERSION}.tar.gz \
 && rm -rf /opt/buildroot-${BR_VERSION}/docs

# fetch all sources now so builds work offline
RUN cd buildroot-${BR_VERSION} && make board_defconfig && make source
WORKDIR /opt/buildroot-${BR_VERSION}
