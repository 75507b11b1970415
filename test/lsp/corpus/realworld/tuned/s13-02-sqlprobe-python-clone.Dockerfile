FROM python:3.12-slim

LABEL org.opencontainers.image.title="sqlprobe"

# label: layer-cache
RUN apt-get update && apt-get install -y git

# label: layer-deleted-later
RUN git clone --depth 1 https://example.com/tools/sqlprobe.git /opt/sqlprobe

WORKDIR /opt/sqlprobe
# label: layer-cache
RUN pip install -r requirements.txt

RUN rm -rf /opt/sqlprobe/.git /opt/sqlprobe/doc

RUN ln -s /opt/sqlprobe/sqlprobe.py /usr/local/bin/sqlprobe

ENTRYPOINT ["python", "/opt/sqlprobe/sqlprobe.py"]
CMD ["--help"]
