FROM debian:bookworm-slim
# label: layer-deleted-later
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
COPY src /usr/src/app
RUN make -C /usr/src/app install
RUN apt-get purge -y build-essential && apt-get autoremove -y
