FROM alpine:3.19

RUN apk add --no-cache xvfb x11vnc fluxbox novnc websockify supervisor bash xterm

RUN adduser -D -h /home/desk desk
COPY --chown=desk:desk --chmod=700 entrypoint.sh /home/desk/
# stored VNC password file made with x11vnc -storepasswd
# label: layer-secret
COPY --chown=desk:desk vnc/passwd /home/desk/.vnc/passwd
COPY supervisord.conf /etc/supervisord.conf

USER desk
ENV DISPLAY=:0
EXPOSE 8080
ENTRYPOINT ["/home/desk/entrypoint.sh"]
