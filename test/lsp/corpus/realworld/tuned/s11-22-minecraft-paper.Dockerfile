FROM eclipse-temurin:17-jre-jammy

ARG PAPER_BUILD=450
ENV MC_VERSION=1.20.4

RUN apt-get update && apt-get install -y curl jq && rm -rf /var/lib/apt/lists/*
RUN useradd -m -d /srv/minecraft minecraft

WORKDIR /srv/minecraft
RUN curl -fsSL -o paper.jar "https://api.example.org/paper/${MC_VERSION}/builds/${PAPER_BUILD}/paper.jar"
RUN echo "eula=true" > eula.txt

COPY server.properties ops.json ./
# label: layer-archive
COPY plugins.tar.gz /tmp
RUN mkdir -p plugins && tar -xzf /tmp/plugins.tar.gz -C plugins

# label: layer-rewrite
RUN chown -R minecraft:minecraft /srv/minecraft

USER minecraft
EXPOSE 25565
CMD ["java", "-Xms1G", "-Xmx2G", "-jar", "paper.jar", "nogui"]
