# Modelled on: Django application images using pipenv install --system --deploy and collectstatic
FROM python:3.10-slim
ENV PYTHONUNBUFFERED=1
RUN pip install --no-cache-dir pipenv==2024.0.1
WORKDIR /code
COPY Pipfile Pipfile.lock ./
# label: layer-cache
RUN pipenv install --system --deploy
COPY . .
RUN python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "site_core.wsgi", "--bind", "0.0.0.0:8000"]
