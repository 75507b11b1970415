# Modelled on: C/C++ images using the apt cache-mount recipe (keep-cache apt.conf, sharing=locked) and a cmake/ninja build
FROM debian:bookworm
RUN rm -f /etc/apt/apt.conf.d/docker-clean \
    && echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends build-essential cmake ninja-build libcurl4-openssl-dev
WORKDIR /src
# label: layer-deleted-later
COPY . .
# label: layer-deleted-later
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
    && cmake --build build \
    && cmake --install build --prefix /usr/local
WORKDIR /
RUN rm -rf /src
ENTRYPOINT ["/usr/local/bin/fetchd"]
