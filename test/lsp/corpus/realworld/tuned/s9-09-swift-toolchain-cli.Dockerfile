FROM ubuntu:22.04
ARG SWIFT_VERSION=5.10.1
ARG SWIFT_TGZ=swift-${SWIFT_VERSION}-RELEASE-ubuntu22.04.tar.gz

# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends \
        binutils git gnupg2 libc6-dev libcurl4-openssl-dev libedit2 libgcc-11-dev \
        libpython3-dev libsqlite3-0 libstdc++-11-dev libxml2-dev libz3-dev \
        pkg-config tzdata zlib1g-dev curl ca-certificates \
    && apt-get clean

WORKDIR /usr/src
# label: layer-archive, layer-deleted-later
RUN curl -fsSLO https://download.example.org/swift/${SWIFT_VERSION}/${SWIFT_TGZ} \
    && tar xzf ${SWIFT_TGZ} --strip-components=1 -C /
RUN swift --version

COPY . /usr/src/fmtcheck
WORKDIR /usr/src/fmtcheck
RUN --mount=type=cache,target=/root/.cache \
    swift build -c release \
    && cp .build/release/fmtcheck /usr/local/bin/ \
    && rm -rf .build

# tidy up the toolchain download
RUN rm -f /usr/src/${SWIFT_TGZ}
ENTRYPOINT ["fmtcheck"]
