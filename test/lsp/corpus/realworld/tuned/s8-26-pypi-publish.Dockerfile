FROM python:3.11-slim AS publish

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN pip install build==1.2.1 twine==5.1.0

WORKDIR /pkg
# label: layer-secret
COPY .pypirc /root/.pypirc
# credentials for the internal mirror
# label: layer-secret
COPY ci/netrc /root/.netrc

COPY pyproject.toml README.md ./
COPY src/ ./src/
RUN python -m build --wheel --outdir /dist

CMD ["twine", "upload", "--repository", "internal", "/dist/*"]
