FROM php:8.2-fpm
# label: layer-cache, layer-deleted-later
RUN apt-get update && apt-get install -y git curl libpng-dev libzip-dev zip unzip
RUN apt-get clean && rm -rf /var/lib/apt/lists/*
RUN docker-php-ext-install pdo_mysql gd zip
