FROM ubuntu:22.04

ENV TINI_VERSION=v0.19.0
ADD https://github.example.com/krallin/tini/releases/download/${TINI_VERSION}/tini /sbin/tini
# label: layer-deleted-later
ADD https://github.example.com/krallin/tini/releases/download/${TINI_VERSION}/tini.asc /sbin/tini.asc
# label: layer-rewrite
RUN apt-get update \
 && apt-get install -y --no-install-recommends gnupg dirmngr openjdk-17-jre-headless \
 && export GNUPGHOME="$(mktemp -d)" \
 && gpg --batch --keyserver hkps://keys.example.org --recv-keys 595E85A6B1B4779EA4DAAEC70B588DFF0527A9B7 \
 && gpg --batch --verify /sbin/tini.asc /sbin/tini \
 && chmod +x /sbin/tini \
 && rm -rf "$GNUPGHOME" /sbin/tini.asc \
 && apt-get purge -y --auto-remove gnupg dirmngr \
 && rm -rf /var/lib/apt/lists/*

RUN useradd -r -m -d /var/opt/repo repo
COPY --chown=repo:repo target/repo-server-*.jar /opt/repo/repo-server.jar
COPY --chown=repo:repo config/application.yml /opt/repo/config/

USER repo
EXPOSE 8082
ENTRYPOINT ["/sbin/tini", "--"]
CMD ["java", "-jar", "/opt/repo/repo-server.jar"]
