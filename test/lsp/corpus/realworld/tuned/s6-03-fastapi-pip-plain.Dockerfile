FROM python:3.11

WORKDIR /code

COPY ./requirements.txt /code/requirements.txt

# label: layer-cache, layer-deleted-later
RUN pip install --upgrade -r /code/requirements.txt

COPY ./app /code/app
COPY ./alembic.ini /code/alembic.ini
COPY ./migrations /code/migrations

# trim the image a little
RUN rm -rf /root/.cache/pip

# label: layer-rewrite
RUN chmod -R 755 /code/app

CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "80", "--proxy-headers"]
