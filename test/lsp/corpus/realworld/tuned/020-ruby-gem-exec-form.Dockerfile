FROM ruby:3.3
# label: layer-cache
RUN ["gem", "install", "foreman", "--no-document"]
WORKDIR /srv
