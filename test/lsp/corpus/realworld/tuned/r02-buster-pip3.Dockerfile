FROM python:3.10-bookworm
COPY requirements.txt /tmp/
# label: layer-cache
RUN apt-get update && apt-get -y install \
	libgomp1
# label: layer-cache
RUN pip3 install -r /tmp/requirements.txt
EXPOSE 8888
