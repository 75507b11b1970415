FROM ruby:3.2-alpine
RUN apk add --no-cache build-base postgresql-dev tzdata
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle install && rm -rf /usr/local/bundle/cache/*.gem
COPY . .
