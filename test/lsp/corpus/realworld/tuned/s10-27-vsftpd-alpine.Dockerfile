FROM alpine:3.20

RUN apk add --no-cache vsftpd tini

RUN mkdir -p /home/ftp/upload /var/log/vsftpd \
 && adduser -D -h /home/ftp ftpuser \
 && chown -R ftpuser:ftpuser /home/ftp

COPY vsftpd.conf /etc/vsftpd/vsftpd.conf
ARG PASV_ADDRESS=203.0.113.10
# label: layer-rewrite
RUN sed -i "s/^pasv_address=.*/pasv_address=${PASV_ADDRESS}/" /etc/vsftpd/vsftpd.conf

EXPOSE 20 21 21100-21110
ENTRYPOINT ["/sbin/tini", "--"]
CMD ["vsftpd", "/etc/vsftpd/vsftpd.conf"]
