FROM ubuntu:24.04
ARG AGENT_VERSION=3.4.1
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates \
 && curl -fsSLo /tmp/fleet-agent_${AGENT_VERSION}_amd64.deb https://downloads.example.com/agent/fleet-agent_${AGENT_VERSION}_amd64.deb \
 && dpkg -i /tmp/fleet-agent_${AGENT_VERSION}_amd64.deb \
 && rm -f /tmp/fleet-agent_${AGENT_VERSION}_amd64.deb \
 && rm -rf /var/lib/apt/lists/*
# label: layer-rewrite
RUN chmod 0750 /usr/bin/fleet-agent && chown root:adm /usr/bin/fleet-agent
ENTRYPOINT ["/usr/bin/fleet-agent"]
