FROM ubuntu:22.04

ARG RUNNER_VERSION="2.317.0"
ARG RUNNER_SHA256="9e883d210df8c6028aff475475a457d380353f9d01877d51cc01a17b2a91161d"
ARG DEBIAN_FRONTEND=noninteractive

# label: layer-cache
RUN apt-get update -y && apt-get upgrade -y && useradd -m runner \
    && apt-get install -y --no-install-recommends \
       curl jq git ca-certificates build-essential libssl-dev libffi-dev python3 python3-venv

# label: layer-archive
RUN cd /home/runner && mkdir actions-runner && cd actions-runner \
    && curl -o actions-runner-linux-x64-${RUNNER_VERSION}.tar.gz -L \
       https://github.example.com/actions/runner/releases/download/v${RUNNER_VERSION}/actions-runner-linux-x64-${RUNNER_VERSION}.tar.gz \
    && echo "${RUNNER_SHA256}  actions-runner-linux-x64-${RUNNER_VERSION}.tar.gz" | sha256sum -c - \
    && tar xzf ./actions-runner-linux-x64-${RUNNER_VERSION}.tar.gz

# label: layer-rewrite
RUN chown -R runner ~runner

# label: layer-secret
COPY runner/git-credentials /home/runner/.git-credentials
COPY --chmod=755 start.sh /home/runner/start.sh

USER runner
WORKDIR /home/runner
ENTRYPOINT ["./start.sh"]
