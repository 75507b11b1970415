FROM debian:bookworm-slim

ENV ARM_TC_VERSION=13.2.rel1
ENV ARM_TC_URL=https://downloads.example.com/toolchains/arm-gnu-toolchain-${ARM_TC_VERSION}-x86_64-arm-none-eabi.tar.xz

RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl xz-utils make cmake ninja-build python3 \
    && rm -rf /var/lib/apt/lists/*

# label: layer-deleted-later
RUN mkdir -p /opt/gcc-arm \
    && curl -fsSL "$ARM_TC_URL" -o /tmp/tc.tar.xz \
    && tar -xJf /tmp/tc.tar.xz -C /opt/gcc-arm --strip-components=1 \
    && rm /tmp/tc.tar.xz

ENV PATH=/opt/gcc-arm/bin:$PATH

# slim the toolchain down afterwards (too late, the bytes are in the layer above)
RUN rm -rf /opt/gcc-arm/share/doc /opt/gcc-arm/share/info

WORKDIR /firmware
CMD ["make", "-j4"]
