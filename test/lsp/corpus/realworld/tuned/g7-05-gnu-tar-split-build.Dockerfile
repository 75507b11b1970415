# Modelled on: images that build a tool from a source tarball in separate RUNs, then remove the tree (ConjureLabs/conjure-core's Python-from-source template, split into steps)
FROM debian:12
# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends build-essential curl ca-certificates
ARG TAR_VERSION=1.35
WORKDIR /src
# label: layer-archive, layer-deleted-later
RUN curl -fsSLO "https://ftp.example.org/gnu/tar/tar-${TAR_VERSION}.tar.gz" && tar -xzf "tar-${TAR_VERSION}.tar.gz"
WORKDIR /src/tar-${TAR_VERSION}
# label: layer-deleted-later
RUN FORCE_UNSAFE_CONFIGURE=1 ./configure --prefix=/usr/local
# label: layer-deleted-later
RUN make -j4 && make install
WORKDIR /src
RUN rm -rf "tar-${TAR_VERSION}"
