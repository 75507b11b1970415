FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libssl-dev \
 && rm -rf /var/lib/apt/lists/*
# label: layer-deleted-later
COPY . /usr/src/tinyproxyd
WORKDIR /usr/src/tinyproxyd
# label: layer-deleted-later
RUN make -j"$(nproc)" && make install PREFIX=/usr/local
# the object files go, and so do the copied tests: both layers above keep them
RUN make clean && rm -rf tests
EXPOSE 3128
CMD ["tinyproxyd", "-f"]
