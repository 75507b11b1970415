# Modelled on: embedded ARM cross-toolchain CI images (GNU toolchain tarball, CMake, Ninja)
FROM ubuntu:22.04
ARG TOOLCHAIN_VERSION=13.2.rel1
ARG TOOLCHAIN_URL=https://downloads.example.com/arm-gnu-toolchain-${TOOLCHAIN_VERSION}-x86_64-arm-none-eabi.tar.xz
RUN apt-get update \
    && apt-get install -y --no-install-recommends cmake ninja-build make python3 curl xz-utils ca-certificates \
    && rm -rf /var/lib/apt/lists/*
# label: layer-archive
RUN curl -fsSL -o /tmp/toolchain.tar.xz "$TOOLCHAIN_URL" \
    && mkdir -p /opt/arm-toolchain \
    && tar -xJf /tmp/toolchain.tar.xz -C /opt/arm-toolchain --strip-components=1
ENV PATH=/opt/arm-toolchain/bin:$PATH
WORKDIR /workspace
CMD ["/bin/bash"]
