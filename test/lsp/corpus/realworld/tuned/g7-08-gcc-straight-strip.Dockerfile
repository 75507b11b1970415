# Modelled on: C exercise images compiled with gcc and make straight in RUNs (ernes11t0/gcc-dockerfile, winterfellding/tlpi-docker)
FROM ubuntu:24.04
# label: layer-cache
RUN apt-get update -y && apt-get install -y gcc make
COPY . /usr/src/myapp
WORKDIR /usr/src/myapp
RUN gcc -O2 -o /usr/local/bin/strcpy-demo strcpy.c
# label: layer-rewrite
RUN strip --strip-unneeded /usr/local/bin/strcpy-demo
# label: layer-deleted-later
RUN make -C /usr/src/myapp/tlpi-dist
RUN rm -rf /usr/src/myapp/tlpi-dist/*.o
