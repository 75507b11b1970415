FROM ubuntu:22.04

ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends \
      ca-certificates curl git openssh-client jq rsync \
 && rm -rf /var/lib/apt/lists/*

ENV BK_VERSION=3.74.0
ENV BK_URL=https://example.com/buildkite/v${BK_VERSION}/buildkite-agent-linux-amd64-${BK_VERSION}.tar.gz

RUN cd /tmp \
 && curl -fsSLO "$BK_URL" \
 && tar -xzf "buildkite-agent-linux-amd64-${BK_VERSION}.tar.gz" ./buildkite-agent \
 && mv buildkite-agent /usr/local/bin/ \
 && rm "buildkite-agent-linux-amd64-${BK_VERSION}.tar.gz"

ENV BUILDKITE_AGENT_CONFIG=/buildkite/buildkite-agent.cfg
COPY buildkite-agent.cfg /buildkite/buildkite-agent.cfg
COPY hooks/ /buildkite/hooks/
# label: layer-secret
COPY secrets/buildkite-token /buildkite/buildkite-token

# label: layer-rewrite
RUN chmod +x /buildkite/hooks/*

ENTRYPOINT ["buildkite-agent"]
CMD ["start"]
