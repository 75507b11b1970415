FROM eclipse-temurin:17-jdk-jammy

ARG REMOTING_VERSION=3261.v9c670a_4748a_9
ARG user=jenkins
ARG uid=1000

RUN apt-get update \
  && apt-get install -y --no-install-recommends git git-lfs openssh-client curl \
  && rm -rf /var/lib/apt/lists/*

RUN groupadd -g ${uid} ${user} && useradd -m -u ${uid} -g ${user} ${user}

# the jar is run as-is, never unpacked; modes set in the RUN that fetched it
RUN curl --create-dirs -fsSLo /usr/share/jenkins/agent.jar \
      https://example.com/remoting/${REMOTING_VERSION}/remoting-${REMOTING_VERSION}.jar \
  && chmod 755 /usr/share/jenkins \
  && chmod 644 /usr/share/jenkins/agent.jar

COPY jenkins-agent /usr/local/bin/jenkins-agent
# label: layer-rewrite
RUN chmod +x /usr/local/bin/jenkins-agent \
  && ln -s /usr/local/bin/jenkins-agent /usr/local/bin/jenkins-slave

USER ${user}
WORKDIR /home/${user}/agent
ENTRYPOINT ["/usr/local/bin/jenkins-agent"]
