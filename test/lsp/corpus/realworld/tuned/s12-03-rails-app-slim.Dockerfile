# syntax=docker/dockerfile:1
FROM ruby:3.3-slim

ENV RAILS_ENV=production \
    BUNDLE_WITHOUT="development:test"

# label: layer-cache
RUN apt-get update -qq && \
    apt-get install --no-install-recommends -y build-essential libpq-dev nodejs curl

WORKDIR /rails

# pin the bundler the lockfile wants
# label: layer-cache
RUN ["gem", "install", "bundler:2.5.11", "--no-document"]
COPY Gemfile Gemfile.lock ./
# label: layer-cache
RUN bundle install --jobs 4 --retry 3

COPY . .

RUN bundle exec bootsnap precompile app/ lib/ && \
    SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile

RUN useradd rails --create-home --shell /bin/bash
# label: layer-rewrite
RUN chown -R rails:rails db log storage tmp
USER rails:rails

ENTRYPOINT ["/rails/bin/docker-entrypoint"]
EXPOSE 3000
CMD ["./bin/rails", "server"]
