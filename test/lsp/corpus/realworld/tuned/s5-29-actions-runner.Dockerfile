# Modelled on: self-hosted CI runner images (GitHub Actions / Gitea runners) on Ubuntu
FROM ubuntu:22.04
ARG RUNNER_VERSION=2.314.1
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl ca-certificates jq git sudo libicu70 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd -m runner
WORKDIR /home/runner
# label: layer-archive
RUN curl -fsSL -o actions-runner.tar.gz https://downloads.example.com/runner/v${RUNNER_VERSION}/actions-runner-linux-x64-${RUNNER_VERSION}.tar.gz \
    && tar xzf ./actions-runner.tar.gz
# label: layer-rewrite
RUN chown -R runner:runner /home/runner
COPY --chown=runner:runner entrypoint.sh /home/runner/entrypoint.sh
USER runner
ENTRYPOINT ["/home/runner/entrypoint.sh"]
