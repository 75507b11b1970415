FROM ruby:3.3-slim
RUN apt-get update -qq \
    && apt-get install -y --no-install-recommends build-essential libpq-dev nodejs \
    && rm -rf /var/lib/apt/lists/*
ENV RAILS_ENV=production BUNDLE_WITHOUT="development:test"
WORKDIR /rails
COPY Gemfile Gemfile.lock ./
# label: layer-cache
RUN bundle install --jobs 4 --retry 3
# label: layer-deleted-later
COPY . .
RUN bundle exec bootsnap precompile app/ lib/ \
    && rm -rf spec test
RUN useradd rails --create-home --shell /bin/bash
# label: layer-rewrite
RUN chown -R rails:rails db log tmp
USER rails:rails
EXPOSE 3000
CMD ["./bin/rails", "server"]
