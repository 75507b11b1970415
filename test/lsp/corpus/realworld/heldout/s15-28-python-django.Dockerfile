FROM python:3.12

ENV PIP_NO_CACHE_DIR=off \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /code
COPY requirements.txt .
RUN pip install -r requirements.txt

# label: layer-deleted-later
COPY . .
RUN python manage.py collectstatic --noinput
RUN find . -name "*.md" -delete

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000"]
