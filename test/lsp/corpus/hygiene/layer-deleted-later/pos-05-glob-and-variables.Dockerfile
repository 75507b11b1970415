FROM python:3.12-slim
ARG WHEELS=/tmp/wheels
# expect: layer-deleted-later `/tmp/wheels/*.whl`
COPY dist/*.whl ${WHEELS}/
RUN pip install --no-cache-dir ${WHEELS}/*.whl
RUN rm -rf "$WHEELS"
ENV DATA_DIR=/var/lib/seed
# expect: layer-deleted-later `/var/lib/seed/fixtures.sql`
COPY fixtures.sql $DATA_DIR/fixtures.sql
RUN set -eu; f="$DATA_DIR/fixtures.sql"; rm -f "$f"
