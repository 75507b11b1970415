# Modelled on: Django images that turn pip's cache off with PIP_NO_CACHE_DIR=off in ENV (KunihikoKido/portal)
FROM python:3.11
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=off \
    PIP_DISABLE_PIP_VERSION_CHECK=on
RUN mkdir /code
WORKDIR /code
ADD requirements.txt /code/
RUN pip install -r requirements.txt
ADD . /code/
# label: layer-rewrite
RUN chmod +x /code/manage.py
RUN PIP_NO_CACHE_DIR=false pip install gunicorn==22.0.0
CMD ["gunicorn", "portal.wsgi"]
