FROM ubuntu:24.04

RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl lib32gcc-s1 \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/*

# streamed straight into tar: no archive file is written
RUN mkdir -p /opt/steamcmd \
    && curl -fsSL https://cdn.example.com/steam/steamcmd_linux.tar.gz \
       | tar -xz -C /opt/steamcmd

RUN groupadd -r game && useradd -r -g game -m -d /srv/game game

COPY --chown=game:game --chmod=0755 entrypoint.sh /srv/game/entrypoint.sh
COPY --chown=game:game server.cfg /srv/game/cfg/

USER game
WORKDIR /srv/game
ENV STEAMCMD=/opt/steamcmd/steamcmd.sh
EXPOSE 27015/udp 27015/tcp
ENTRYPOINT ["/srv/game/entrypoint.sh"]
