FROM ubuntu:24.04
# expect: layer-cache apt-get update
# expect: layer-deleted-later removes apt's package lists
RUN apt-get update && apt-get install -y python3
RUN rm -rf /var/lib/apt/lists/*
