# Modelled on: Django/Flask application images on python:*-slim from application repositories
FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/shop
COPY requirements.txt .
# label: layer-cache
RUN pip install -r requirements.txt
COPY . .
RUN python manage.py compilemessages
# label: layer-rewrite
RUN useradd --create-home shop && chown -R shop:shop /srv/shop
USER shop
EXPOSE 8000
CMD ["gunicorn", "shop.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
