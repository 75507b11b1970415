FROM eclipse-temurin:21-jre
ARG PAPER_URL=https://example.com/paper/paper-1.20.4-410.jar
WORKDIR /data
ADD ${PAPER_URL} /opt/server/paper.jar
COPY server.properties eula.txt ./
# label: layer-secret
COPY rcon-password.txt /data/rcon-password.txt
# label: layer-rewrite
RUN chmod 644 /opt/server/paper.jar
COPY ops.json whitelist.json ./
EXPOSE 25565
CMD ["java", "-Xmx2G", "-jar", "/opt/server/paper.jar", "nogui"]
