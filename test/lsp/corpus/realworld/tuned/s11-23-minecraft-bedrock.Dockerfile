FROM ubuntu:22.04

ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl unzip ca-certificates libcurl4 \
    && rm -rf /var/lib/apt/lists/*

ARG BDS_VERSION=1.20.51.01
WORKDIR /bedrock
RUN curl -fsSL -o bedrock.zip "https://dl.example.com/bedrock/bedrock-server-${BDS_VERSION}.zip" \
    && unzip -q bedrock.zip \
    && rm bedrock.zip \
    && chmod +x bedrock_server

COPY --chmod=644 server.properties permissions.json allowlist.json ./

EXPOSE 19132/udp
ENV LD_LIBRARY_PATH=.
CMD ["./bedrock_server"]
