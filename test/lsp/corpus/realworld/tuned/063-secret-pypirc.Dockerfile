FROM python:3.12-slim
# label: layer-secret
COPY .pypirc /root/.pypirc
RUN pip install --no-cache-dir twine
