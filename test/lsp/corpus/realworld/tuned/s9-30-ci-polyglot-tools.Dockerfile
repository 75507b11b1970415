FROM ubuntu:22.04
ENV DEBIAN_FRONTEND=noninteractive

# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends \
      ca-certificates curl git xz-utils unzip python3-pip
# label: layer-cache
RUN pip3 install pre-commit==3.7.0 yamllint

ARG ZIG_VERSION=0.12.0
ENV ZIG_TARBALL=zig-linux-x86_64-${ZIG_VERSION}.tar.xz
WORKDIR /opt
# label: layer-archive, layer-deleted-later
RUN curl -fsSLO "https://ziglang.example.org/download/${ZIG_VERSION}/${ZIG_TARBALL}" \
    && tar -xf "${ZIG_TARBALL}" \
    && ln -s /opt/zig-linux-x86_64-${ZIG_VERSION}/zig /usr/local/bin/zig

ARG DENO_VERSION=1.43.1
RUN curl -fsSL -o /tmp/deno.zip "https://dl.example.com/deno/v${DENO_VERSION}/deno-x86_64-unknown-linux-gnu.zip" \
    && unzip -q /tmp/deno.zip -d /usr/local/bin \
    && rm /tmp/deno.zip

# the bundled docs are large
RUN rm -rf /opt/zig-linux-x86_64-${ZIG_VERSION}/doc
WORKDIR /workspace
