FROM python:3.12-slim
WORKDIR /app
COPY . .
# expect: layer-rewrite `chmod` on `/app/bin/start.sh` (added by the COPY on line 3)
RUN chmod +x bin/start.sh
# expect: layer-rewrite `sed -i` on `/app/config/settings.ini`
RUN sed -i 's/^debug = .*/debug = false/' config/settings.ini
CMD ["bin/start.sh"]
