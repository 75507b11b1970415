FROM almalinux:9-minimal

RUN microdnf -y install nginx openssl && microdnf clean all

# corporate root CA: public, meant to be shipped
COPY certs/corp-root-ca.crt /etc/pki/ca-trust/source/anchors/corp-root-ca.crt
RUN update-ca-trust extract

# label: layer-secret
COPY certs/portal.example.com.key /etc/nginx/tls/portal.key
COPY certs/portal.example.com.crt /etc/nginx/tls/portal.crt
COPY nginx.conf /etc/nginx/nginx.conf

# label: layer-rewrite
RUN chown -R nginx:nginx /etc/nginx/tls \
    && chmod 600 /etc/nginx/tls/portal.key

# added later for the access logs; no clean this time
# label: layer-cache
RUN microdnf -y install logrotate

EXPOSE 443
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
