# Modelled on: RISC-V / embedded SDK images that stream-unpack a toolchain and prune it in a later step
FROM debian:bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl ca-certificates xz-utils make device-tree-compiler \
    && rm -rf /var/lib/apt/lists/*
# label: layer-deleted-later
RUN mkdir -p /opt/riscv \
    && curl -fsSL https://toolchains.example.org/riscv64-elf-14.1.0.tar.xz | tar -xJ -C /opt/riscv --strip-components=1
ENV PATH=/opt/riscv/bin:$PATH
RUN rm -rf /opt/riscv/share/doc /opt/riscv/share/info
WORKDIR /work
