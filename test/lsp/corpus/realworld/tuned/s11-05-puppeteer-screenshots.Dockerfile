FROM node:18-slim

# Install Chrome stable and the fonts puppeteer needs
RUN apt-get update \
    && apt-get install -y wget gnupg \
    && wget -q -O - https://dl.example.com/linux/signing_key.pub | gpg --dearmor -o /usr/share/keyrings/chrome.gpg \
    && echo "deb [arch=amd64 signed-by=/usr/share/keyrings/chrome.gpg] http://dl.example.com/linux/chrome/deb/ stable main" > /etc/apt/sources.list.d/chrome.list \
    && apt-get update \
    && apt-get install -y google-chrome-stable fonts-liberation fonts-noto-color-emoji --no-install-recommends \
    && rm -rf /var/lib/apt/lists/*

ENV PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=true \
    PUPPETEER_EXECUTABLE_PATH=/usr/bin/google-chrome-stable

WORKDIR /home/pptr/app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY src ./src

# Run as non-root so Chrome's sandbox works
# label: layer-rewrite
RUN groupadd -r pptr && useradd -r -g pptr -G audio,video pptr \
    && mkdir -p /home/pptr/Downloads \
    && chown -R pptr:pptr /home/pptr

USER pptr
EXPOSE 3000
CMD ["node", "src/server.js"]
