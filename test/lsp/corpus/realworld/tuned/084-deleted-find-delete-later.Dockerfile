FROM python:3.12-slim
WORKDIR /app
# label: layer-deleted-later
COPY . .
RUN find /app -name "*.pyc" -delete
