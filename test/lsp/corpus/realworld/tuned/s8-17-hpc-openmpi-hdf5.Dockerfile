FROM rockylinux:9 AS toolchain

RUN dnf -y install --setopt=tsflags=nodocs \
        gcc gcc-gfortran gcc-c++ make perl bzip2 file zlib-devel \
    && dnf clean all

ARG OMPI_VER=4.1.6
ARG HDF5_VER=1.14.4
WORKDIR /tmp/build

RUN set -eux; \
    curl -fsSLO https://downloads.example.org/openmpi/openmpi-${OMPI_VER}.tar.bz2; \
    tar xjf openmpi-${OMPI_VER}.tar.bz2; \
    cd openmpi-${OMPI_VER}; \
    ./configure --prefix=/opt/openmpi --disable-dlopen; \
    make -j"$(nproc)" install; \
    cd ..; \
    rm -rf openmpi-${OMPI_VER} openmpi-${OMPI_VER}.tar.bz2

# label: layer-archive, layer-deleted-later
RUN curl -fsSL -o hdf5.tar.gz https://downloads.example.org/hdf5/hdf5-${HDF5_VER}.tar.gz \
    && tar xvfz hdf5.tar.gz

# label: layer-deleted-later
RUN cd hdf5-${HDF5_VER} \
    && CC=/opt/openmpi/bin/mpicc FC=/opt/openmpi/bin/mpif90 \
       ./configure --prefix=/opt/hdf5 --enable-parallel --enable-fortran \
    && make -j"$(nproc)" \
    && make install

RUN rm -rf /tmp/build/hdf5-${HDF5_VER} /tmp/build/hdf5.tar.gz

FROM rockylinux:9
RUN dnf -y install --setopt=tsflags=nodocs libgfortran libgomp zlib \
    && dnf clean all
COPY --from=toolchain /opt/openmpi /opt/openmpi
COPY --from=toolchain /opt/hdf5 /opt/hdf5
ENV PATH=/opt/openmpi/bin:/opt/hdf5/bin:$PATH \
    LD_LIBRARY_PATH=/opt/openmpi/lib:/opt/hdf5/lib
