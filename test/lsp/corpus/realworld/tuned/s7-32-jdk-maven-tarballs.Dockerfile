# syntax=docker/dockerfile:1.4
FROM debian:bookworm-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl git unzip \
    && rm -rf /var/lib/apt/lists/*

ARG JDK_URL=https://downloads.example.org/temurin/21.0.2+13/OpenJDK21U-jdk_x64_linux_hotspot_21.0.2_13.tar.gz
# label: layer-archive, layer-deleted-later
ADD ${JDK_URL} /tmp/jdk.tar.gz
RUN mkdir -p /opt/java/openjdk \
    && tar -xzf /tmp/jdk.tar.gz -C /opt/java/openjdk --strip-components=1 \
    && rm /tmp/jdk.tar.gz
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH=$JAVA_HOME/bin:$PATH

ENV MAVEN_VERSION=3.9.6
ENV MAVEN_HOME=/opt/maven
RUN mkdir -p $MAVEN_HOME \
    && curl -fsSL -o /tmp/maven.tar.gz "https://archive.example.org/maven/maven-3/${MAVEN_VERSION}/binaries/apache-maven-${MAVEN_VERSION}-bin.tar.gz" \
    && tar -xzf /tmp/maven.tar.gz -C $MAVEN_HOME --strip-components=1 \
    && rm -f /tmp/maven.tar.gz \
    && ln -s $MAVEN_HOME/bin/mvn /usr/bin/mvn

ARG GRADLE_VERSION=8.7
# label: layer-archive
RUN <<EOF
set -eux
cd /opt
curl -fsSLO "https://services.example.org/distributions/gradle-${GRADLE_VERSION}-bin.zip"
unzip -q "gradle-${GRADLE_VERSION}-bin.zip"
ln -s "/opt/gradle-${GRADLE_VERSION}/bin/gradle" /usr/bin/gradle
find "/opt/gradle-${GRADLE_VERSION}" \( -name '*.bat' -o -name '*.cmd' \) -delete
EOF

# private artifact repository login for the CI agent
# label: layer-secret
COPY ci/.netrc /root/.netrc

RUN useradd -m builder
WORKDIR /home/builder
CMD ["mvn", "--version"]
