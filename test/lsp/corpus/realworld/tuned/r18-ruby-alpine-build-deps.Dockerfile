FROM ruby:3.3-alpine
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN apk add --no-cache --virtual .gem-build build-base \
    && bundle config set without "development test" \
    && bundle install \
    && rm -rf /usr/local/bundle/cache \
    && apk del .gem-build
COPY . .
