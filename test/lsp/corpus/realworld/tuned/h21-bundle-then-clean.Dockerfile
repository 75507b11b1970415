FROM ruby:3.1
WORKDIR /app
COPY ./Gemfile ./Gemfile.lock /app/
# label: layer-cache
RUN bundle install && bundle clean --force
COPY ./ /app
