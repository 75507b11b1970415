FROM ubuntu:22.04 AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential cmake \
      libeigen3-dev libboost-program-options-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j"$(nproc)"

FROM ubuntu:22.04
RUN apt-get update && apt-get install -y --no-install-recommends libboost-program-options1.74.0 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/build/solver /usr/local/bin/solver
# label: layer-rewrite
RUN strip /usr/local/bin/solver
ENTRYPOINT ["solver"]
