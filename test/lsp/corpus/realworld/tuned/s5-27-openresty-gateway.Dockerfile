# Modelled on: OpenResty API-gateway images shipping nginx.conf, Lua modules and a TLS pair
FROM openresty/openresty:1.25.3.1-alpine
COPY nginx.conf /usr/local/openresty/nginx/conf/nginx.conf
COPY lua/ /usr/local/openresty/site/lualib/gateway/
# label: layer-secret
COPY tls/gateway.key /etc/ssl/private/gateway.key
COPY tls/gateway.crt /etc/ssl/certs/gateway.crt
EXPOSE 443
