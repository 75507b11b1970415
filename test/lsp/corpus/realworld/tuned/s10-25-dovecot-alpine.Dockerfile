FROM alpine:3.19

RUN apk update \
 && apk add dovecot dovecot-lmtpd dovecot-pigeonhole-plugin \
 && rm -rf /var/cache/apk/*

RUN addgroup -S -g 5000 vmail \
 && adduser -S -D -H -u 5000 -G vmail -h /srv/mail vmail \
 && mkdir -p /srv/mail \
 && chown vmail:vmail /srv/mail

COPY dovecot.conf /etc/dovecot/dovecot.conf
COPY conf.d/ /etc/dovecot/conf.d/
# label: layer-secret
COPY users.passwd /etc/dovecot/users
# label: layer-rewrite
RUN chown root:dovecot /etc/dovecot/users && chmod 640 /etc/dovecot/users

COPY tls/mail.example.org.crt /etc/ssl/dovecot/
# label: layer-secret
COPY tls/mail.example.org.key /etc/ssl/dovecot/

EXPOSE 143 993 24
CMD ["dovecot", "-F"]
