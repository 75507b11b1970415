# Modelled on: openSUSE Leap application images (zypper --non-interactive, python3xx-pip, pip with --no-cache-dir)
FROM opensuse/leap:15.6
# label: layer-cache
RUN zypper --non-interactive refresh \
    && zypper --non-interactive install --no-recommends python311 python311-pip git-core \
    && zypper clean
WORKDIR /srv/notifier
COPY requirements.txt ./
RUN pip3.11 install --no-cache-dir -r requirements.txt
COPY notifier ./notifier
RUN useradd -r -d /srv/notifier notifier
USER notifier
CMD ["python3.11", "-m", "notifier"]
