# Flask to-do app from a course project
FROM python:3.11-slim

WORKDIR /app

COPY requirements.txt .
# label: layer-cache
RUN pip install -r requirements.txt

COPY app/ ./app/
COPY wsgi.py .

# the app reads SECRET_KEY and the DB password from here
# label: layer-secret
COPY .env .env

EXPOSE 5000
ENV FLASK_APP=wsgi.py
CMD ["flask", "run", "--host=0.0.0.0"]
