# Modelled on: dedicated game-server images bootstrapping SteamCMD on Debian slim
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends lib32gcc-s1 ca-certificates wget \
    && rm -rf /var/lib/apt/lists/*
RUN useradd -m -d /home/steam steam
WORKDIR /opt/steamcmd
# label: layer-archive
RUN wget -q https://downloads.example.com/steamcmd/steamcmd_linux.tar.gz
RUN tar -xvzf steamcmd_linux.tar.gz
COPY --chown=steam:steam start-server.sh /opt/steamcmd/
USER steam
EXPOSE 2456-2458/udp
CMD ["./start-server.sh"]
