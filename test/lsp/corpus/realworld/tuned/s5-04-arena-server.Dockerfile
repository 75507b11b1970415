# Modelled on: Source-engine / HLDS style server images on Ubuntu with separate download and unpack steps
FROM ubuntu:22.04
ENV DEBIAN_FRONTEND=noninteractive
# label: layer-cache
RUN apt-get update && apt-get install -y curl lib32stdc++6 xz-utils && apt-get clean
WORKDIR /srv/arena
ARG SERVER_URL=https://files.example.org/arena/arena-server-2.7.1.tar.xz
# label: layer-archive, layer-deleted-later
RUN curl -fsSLO "$SERVER_URL"
RUN tar -xJf arena-server-2.7.1.tar.xz && rm arena-server-2.7.1.tar.xz
COPY server.cfg /srv/arena/arena-server-2.7.1/cfg/server.cfg
EXPOSE 27015/udp
CMD ["/srv/arena/arena-server-2.7.1/run.sh", "+map", "dust"]
