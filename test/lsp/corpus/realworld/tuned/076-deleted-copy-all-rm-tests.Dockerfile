FROM python:3.12-slim
WORKDIR /app
# label: layer-deleted-later
COPY . .
RUN pip install --no-cache-dir . && rm -rf tests docs
