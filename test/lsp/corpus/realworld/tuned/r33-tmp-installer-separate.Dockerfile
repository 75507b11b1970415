FROM ubuntu:22.04
# label: layer-deleted-later
ADD https://example.com/drivers/driver-installer-5.1.run /tmp/driver-installer.run
RUN sh /tmp/driver-installer.run --silent
RUN rm -f /tmp/driver-installer.run
