FROM python:3.12 AS builder
WORKDIR /w
COPY requirements.txt .
# label: layer-cache
RUN pip wheel -r requirements.txt -w /wheels
FROM python:3.12-slim
# label: layer-deleted-later
COPY --from=builder /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
