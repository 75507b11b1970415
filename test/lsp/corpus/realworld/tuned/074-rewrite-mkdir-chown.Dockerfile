FROM python:3.12-slim
RUN mkdir -p /data /app && chown -R 1000:1000 /data /app
WORKDIR /app
COPY --chown=1000:1000 . .
