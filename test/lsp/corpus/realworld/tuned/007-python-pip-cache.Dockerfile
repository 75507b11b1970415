FROM python:3.11-slim
WORKDIR /srv
COPY requirements.txt .
# label: layer-cache
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "-m", "app"]
