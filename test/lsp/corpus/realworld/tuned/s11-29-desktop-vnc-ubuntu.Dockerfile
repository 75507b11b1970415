FROM ubuntu:22.04

ENV DEBIAN_FRONTEND=noninteractive \
    DISPLAY=:1

RUN apt-get update && apt-get install -y --no-install-recommends \
        xfce4 xfce4-terminal tigervnc-standalone-server dbus-x11 \
        supervisor firefox wget ca-certificates python3-websockify \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/*

ARG NOVNC_VERSION=1.4.0
# label: layer-archive
RUN wget -q "https://dl.example.com/novnc/v${NOVNC_VERSION}.tar.gz" -O /opt/novnc.tar.gz \
    && tar -xzf /opt/novnc.tar.gz -C /opt \
    && mv /opt/noVNC-${NOVNC_VERSION} /opt/novnc

RUN mkdir -p /root/.vnc \
    && echo "changeme" | vncpasswd -f > /root/.vnc/passwd \
    && chmod 600 /root/.vnc/passwd

COPY xstartup /root/.vnc/xstartup
# label: layer-rewrite
RUN chmod +x /root/.vnc/xstartup

COPY supervisord.conf /etc/supervisor/conf.d/desktop.conf
EXPOSE 6080
CMD ["/usr/bin/supervisord", "-n"]
