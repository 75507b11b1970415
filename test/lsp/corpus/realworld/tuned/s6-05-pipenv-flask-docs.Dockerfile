FROM python:3.9-bullseye

RUN pip install --no-cache-dir pipenv

COPY Pipfile Pipfile.lock /tmp/
# label: layer-cache
RUN cd /tmp && pipenv install --system --deploy

# label: layer-deleted-later
COPY . /srv/wiki
WORKDIR /srv/wiki

# the docs and the test suite are not needed at run time
RUN rm -rf /srv/wiki/docs tests

ENV FLASK_APP=wiki.app:create_app
EXPOSE 5000
CMD ["gunicorn", "-w", "2", "-b", "0.0.0.0:5000", "wiki.app:create_app()"]
