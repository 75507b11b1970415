FROM fedora:40
RUN dnf -y install gcc-c++ cmake ninja-build && dnf clean all
WORKDIR /build
