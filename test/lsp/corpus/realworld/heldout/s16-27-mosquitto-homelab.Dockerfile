FROM eclipse-mosquitto:2.0
COPY mosquitto.conf /mosquitto/config/mosquitto.conf
# label: layer-secret
COPY mosquitto_passwd /mosquitto/config/passwd
# label: layer-rewrite
RUN chmod 0700 /mosquitto/config/passwd && chown mosquitto:mosquitto /mosquitto/config/passwd
EXPOSE 1883 9001
