FROM python:3.12-slim AS runtime
# label: layer-deleted-later
COPY dist/ /tmp/dist/
RUN pip install --no-cache-dir /tmp/dist/*.whl
RUN rm -rf /tmp/dist
