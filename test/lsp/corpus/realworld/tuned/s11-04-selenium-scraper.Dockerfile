FROM python:3.10

# Chrome from the vendor's .deb
RUN apt-get update \
    && wget -q https://dl.example.com/linux/direct/google-chrome-stable_current_amd64.deb \
    && apt-get install -y ./google-chrome-stable_current_amd64.deb unzip xvfb \
    && rm google-chrome-stable_current_amd64.deb \
    && rm -rf /var/lib/apt/lists/*

ARG DRIVER_VERSION=118.0.5993.70
# label: layer-archive
RUN wget -q -O /tmp/chromedriver.zip https://dl.example.com/chromedriver/${DRIVER_VERSION}/chromedriver_linux64.zip \
    && unzip /tmp/chromedriver.zip chromedriver -d /usr/local/bin/

# label: layer-rewrite
RUN chmod +x /usr/local/bin/chromedriver

ENV DISPLAY=:99
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY scraper.py .

CMD ["python", "scraper.py"]
