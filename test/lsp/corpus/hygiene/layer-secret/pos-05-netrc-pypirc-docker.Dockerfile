FROM python:3.12-slim AS publish
# expect: layer-secret `.pypirc`
COPY .pypirc /root/.pypirc
# expect: layer-secret `.netrc`
COPY .netrc /root/
# expect: layer-secret Docker registry credentials
COPY docker-config.json /root/.docker/config.json
