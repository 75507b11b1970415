FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends cmake g++ ninja-build && rm -rf /var/lib/apt/lists/*
# label: layer-deleted-later
COPY . /opt/sensorhub
WORKDIR /opt/sensorhub
# label: layer-deleted-later
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build && cmake --install build
# build tree removed here is what the RUN above wrote; docs/ and examples/ came from the COPY
RUN rm -rf build/CMakeFiles docs examples
