FROM quay.io/centos/centos:stream9

ARG LAPACK_VERSION=3.12.0
ARG LAPACK_URL=https://downloads.example.org/lapack/lapack-${LAPACK_VERSION}.tar.gz

RUN dnf -y install --setopt=tsflags=nodocs gcc-gfortran gcc-c++ cmake make \
    && dnf clean all

WORKDIR /usr/src
# label: layer-archive
RUN curl -fsSLO "${LAPACK_URL}" \
    && tar xzf "$(basename "${LAPACK_URL}")"

# label: layer-deleted-later
RUN cd lapack-${LAPACK_VERSION} && mkdir build && cd build \
    && cmake -DCMAKE_INSTALL_PREFIX=/opt/lapack \
             -DBUILD_SHARED_LIBS=ON -DCBLAS=ON -DLAPACKE=ON .. \
    && make -j"$(nproc)" \
    && make install

# keep the sources for debugging, drop the object files
RUN rm -rf /usr/src/lapack-${LAPACK_VERSION}/build

ENV LD_LIBRARY_PATH=/opt/lapack/lib64
