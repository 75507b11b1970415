FROM python:3.12-slim
WORKDIR /opt/plugin
# label: layer-archive
RUN pip download --no-deps --no-cache-dir -d . plugin==1.0 && curl -fsSLO https://example.com/wheels/plugin-1.0-py3-none-any.whl && unzip -q plugin-1.0-py3-none-any.whl
