FROM httpd:2.4
COPY ./public-html/ /usr/local/apache2/htdocs/
RUN sed -i 's/#LoadModule rewrite_module/LoadModule rewrite_module/' /usr/local/apache2/conf/httpd.conf
# label: layer-rewrite
RUN sed -i "s/@VERSION@/1.4.2/g" /usr/local/apache2/htdocs/index.html
