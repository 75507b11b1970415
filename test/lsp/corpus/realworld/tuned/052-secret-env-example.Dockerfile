FROM python:3.12-slim
WORKDIR /app
COPY .env.example ./.env.example
COPY app.py .
