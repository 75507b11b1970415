FROM alpine:3.20

# label: layer-cache
RUN apk add --update bash ca-certificates git git-lfs openssh-client tini

ARG RUNNER_VERSION=17.2.0
RUN wget -O /usr/bin/gitlab-runner-helper \
      https://example.com/gitlab-runner/v${RUNNER_VERSION}/binaries/gitlab-runner-helper.x86_64 \
 && chmod +x /usr/bin/gitlab-runner-helper

COPY --chmod=755 entrypoint /entrypoint

ENTRYPOINT ["/sbin/tini", "--", "/entrypoint"]
CMD ["sh"]
