FROM debian:bookworm-slim

ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends \
        ffmpeg \
        python3 \
        ca-certificates \
        curl \
    && rm -rf /var/lib/apt/lists/*

ARG YTDLP_VERSION=2024.08.06
RUN curl -fL "https://dl.example.com/yt-dlp/${YTDLP_VERSION}/yt-dlp" -o /usr/local/bin/yt-dlp \
    && chmod a+rx /usr/local/bin/yt-dlp

WORKDIR /downloads
COPY --chmod=755 fetch.sh /usr/local/bin/fetch

ENTRYPOINT ["fetch"]
