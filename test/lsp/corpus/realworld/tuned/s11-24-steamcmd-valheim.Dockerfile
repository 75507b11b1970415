FROM debian:bookworm-slim

# label: layer-cache
RUN dpkg --add-architecture i386 \
    && apt-get update \
    && apt-get install -y --no-install-recommends lib32gcc-s1 curl ca-certificates \
    && apt-get clean

RUN useradd -m steam
USER steam
WORKDIR /home/steam/steamcmd
# unpacked straight from the pipe, no tarball on disk
RUN curl -sqL "https://dl.example.com/steamcmd/steamcmd_linux.tar.gz" | tar zxvf -
RUN ./steamcmd.sh +force_install_dir /home/steam/server +login anonymous +app_update 896660 validate +quit

USER root
COPY start.sh /home/steam/start.sh
# label: layer-rewrite
RUN chmod 755 /home/steam/start.sh

USER steam
EXPOSE 2456-2458/udp
CMD ["/home/steam/start.sh"]
