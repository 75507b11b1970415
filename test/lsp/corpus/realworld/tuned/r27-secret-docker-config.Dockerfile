FROM docker:27-cli
# label: layer-secret
COPY ci/docker-config.json /root/.docker/config.json
CMD ["docker", "info"]
