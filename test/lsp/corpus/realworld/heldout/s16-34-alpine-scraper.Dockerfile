FROM python:3.12-alpine
WORKDIR /srv/scraper
RUN apk add --no-cache libxml2 libxslt
# label: layer-deleted-later
RUN apk add --no-cache gcc musl-dev libxml2-dev libxslt-dev
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
RUN apk del gcc musl-dev libxml2-dev libxslt-dev
COPY scraper/ ./scraper/
CMD ["python", "-m", "scraper"]
