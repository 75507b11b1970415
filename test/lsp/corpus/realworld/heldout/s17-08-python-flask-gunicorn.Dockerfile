FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
# label: layer-cache
RUN pip install --upgrade pip && pip install -r requirements.txt
COPY . .
RUN useradd -m web
USER web
EXPOSE 8000
HEALTHCHECK CMD curl -f http://localhost:8000/ping || exit 1
CMD ["gunicorn", "-b", "0.0.0.0:8000", "-w", "3", "wsgi:app"]
