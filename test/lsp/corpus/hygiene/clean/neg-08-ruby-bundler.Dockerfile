FROM ruby:3.3-slim
RUN apt-get update -qq \
    && apt-get install -y --no-install-recommends build-essential libpq-dev nodejs \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb
ENV BUNDLE_PATH=/usr/local/bundle \
    BUNDLE_WITHOUT=development:test
WORKDIR /rails
COPY Gemfile Gemfile.lock ./
RUN bundle install && rm -rf ~/.bundle/ "${BUNDLE_PATH}"/ruby/*/cache
COPY --chown=1000:1000 . .
RUN bundle exec bootsnap precompile app/ lib/
USER 1000:1000
EXPOSE 3000
CMD ["./bin/rails", "server"]
