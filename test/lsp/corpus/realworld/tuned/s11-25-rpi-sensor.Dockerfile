FROM arm32v7/python:3.11-slim-bookworm

# gcc is only needed to build the GPIO wheels
# label: layer-cache, layer-deleted-later
RUN apt-get update && apt-get install -y --no-install-recommends i2c-tools libgpiod2 gcc

RUN pip install --no-cache RPi.GPIO adafruit-circuitpython-dht smbus2

RUN apt-get purge -y gcc && apt-get autoremove -y

WORKDIR /opt/sensor
COPY sensor.py config.yaml ./
CMD ["python", "sensor.py"]
