FROM python:3.9
ENV PYTHONUNBUFFERED=1

# label: layer-cache
RUN apt-get update && apt-get install -y gettext libpq-dev

WORKDIR /code
COPY requirements.txt /code/
RUN pip install --no-cache-dir -r requirements.txt
COPY . /code/
RUN python manage.py collectstatic --noinput

# label: layer-secret
COPY deploy/db-password.txt /run/secrets/db_password
ENV DB_PASSWORD_FILE=/run/secrets/db_password
CMD ["gunicorn", "labsite.wsgi", "-b", "0.0.0.0:8000"]
