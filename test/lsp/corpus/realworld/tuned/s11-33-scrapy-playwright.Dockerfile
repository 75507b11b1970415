FROM mcr.microsoft.com/playwright/python:v1.41.0-jammy

WORKDIR /crawler
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY crawler/ ./crawler/
COPY scrapy.cfg .
# label: layer-secret
COPY proxy_credentials.json ./

# label: layer-deleted-later
COPY tests/ ./tests/
RUN python -m pytest tests -q && rm -rf tests

CMD ["scrapy", "crawl", "shop"]
