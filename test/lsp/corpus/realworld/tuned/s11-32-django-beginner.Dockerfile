FROM python:3.9
ENV PYTHONUNBUFFERED 1

RUN mkdir /code
WORKDIR /code

ADD requirements.txt /code/
# label: layer-cache
RUN pip install --upgrade pip
# label: layer-cache
RUN pip install -r requirements.txt

ADD manage.py /code/
# label: layer-deleted-later
ADD mysite/ /code/mysite/
# Google Drive backup uploads
# label: layer-secret
ADD credentials.json /code/

RUN python manage.py collectstatic --noinput
RUN rm -rf /code/mysite/tests

EXPOSE 8000
CMD python manage.py runserver 0.0.0.0:8000
