FROM ubuntu:22.04
ENV DEBIAN_FRONTEND=noninteractive
# label: layer-cache, layer-deleted-later
RUN apt-get update
RUN apt-get install -y python3 python3-venv && rm -rf /var/lib/apt/lists/*
