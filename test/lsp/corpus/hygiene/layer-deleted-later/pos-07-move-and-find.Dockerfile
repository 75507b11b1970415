FROM node:20-slim
# expect: layer-deleted-later `/tmp/app.js` (mv)
COPY app.js /tmp/app.js
RUN mv /tmp/app.js /usr/local/lib/app.js
WORKDIR /opt/site
# expect: layer-deleted-later part of what this COPY added
COPY site/ /opt/site/
RUN find /opt/site -name '*.map' -delete
