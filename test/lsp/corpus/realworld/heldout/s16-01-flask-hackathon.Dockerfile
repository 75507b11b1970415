# hackathon demo backend, weekend build
FROM python:3.11
WORKDIR /app
COPY requirements.txt .
# label: layer-cache
RUN pip install -r requirements.txt
COPY . .
# the bot posts issues on the repo, token committed by mistake
# label: layer-secret
COPY config/github-token /app/.github-token
ENV FLASK_APP=app.py
EXPOSE 5000
CMD ["flask", "run", "--host=0.0.0.0"]
