FROM debian:bookworm-slim

RUN dpkg --add-architecture i386 \
    && apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates wget lib32gcc-s1 lib32stdc++6 \
    && rm -rf /var/lib/apt/lists/*

RUN useradd -m -d /home/steam steam
USER steam
WORKDIR /home/steam/steamcmd

# label: layer-archive
RUN wget -q https://cdn.example.com/steam/steamcmd_linux.tar.gz \
    && tar -xvzf steamcmd_linux.tar.gz

ARG APP_ID=896660
RUN ./steamcmd.sh +force_install_dir /home/steam/server \
        +login anonymous +app_update ${APP_ID} validate +quit

COPY start-server.sh /home/steam/server/
USER root
# label: layer-rewrite
RUN chmod +x /home/steam/server/start-server.sh
USER steam

EXPOSE 2456-2458/udp
WORKDIR /home/steam/server
CMD ["./start-server.sh"]
