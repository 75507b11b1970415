FROM jenkins/inbound-agent:latest-jdk17

USER root

# label: layer-cache
RUN apt-get update && apt-get install -y --no-install-recommends docker.io make

ARG MAVEN_VERSION=3.9.8
# label: layer-archive, layer-deleted-later
RUN curl -fsSL -o /tmp/maven.tar.gz https://example.org/maven/apache-maven-${MAVEN_VERSION}-bin.tar.gz \
 && tar xzf /tmp/maven.tar.gz -C /opt \
 && ln -s /opt/apache-maven-${MAVEN_VERSION}/bin/mvn /usr/local/bin/mvn

RUN usermod -aG docker jenkins

# tidy up
RUN rm -f /tmp/maven.tar.gz

USER jenkins
