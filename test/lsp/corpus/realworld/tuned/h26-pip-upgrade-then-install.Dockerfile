FROM python:3.9-slim
RUN python -m pip install --upgrade pip --no-cache-dir
WORKDIR /app
COPY . .
# label: layer-cache
RUN python -m pip install -e .
