FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PGPASSFILE=/root/.pgpass

WORKDIR /app

COPY requirements.txt .
# label: layer-cache
RUN pip install -r requirements.txt

COPY . .
# label: layer-secret
COPY docker/pgpass /root/.pgpass

# label: layer-rewrite
RUN chmod +x entrypoint.sh

EXPOSE 5000
ENTRYPOINT ["./entrypoint.sh"]
CMD ["gunicorn", "-b", "0.0.0.0:5000", "app:app"]
