FROM opensuse/tumbleweed

# label: layer-cache, layer-deleted-later
RUN zypper -n ref && \
    zypper -n in --no-recommends gcc13-fortran gcc13-c++ cmake make openblas-devel tar gzip

WORKDIR /build
COPY . .
# label: layer-deleted-later
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCMAKE_Fortran_COMPILER=gfortran-13 \
    && cmake --build build -j4 \
    && cmake --install build --prefix /usr/local

RUN rm -rf /build/build && zypper clean -a

ENTRYPOINT ["/usr/local/bin/wavesolve"]
