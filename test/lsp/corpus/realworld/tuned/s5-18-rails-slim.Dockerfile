# Modelled on: Rails application images on ruby:*-slim with bundler and bootsnap
FROM ruby:3.3-slim
RUN apt-get update -qq \
    && apt-get install -y --no-install-recommends build-essential libpq-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /rails
ENV RAILS_ENV=production
COPY Gemfile Gemfile.lock ./
# label: layer-cache
RUN bundle install --jobs 4
COPY . .
RUN bundle exec bootsnap precompile app/ lib/
# label: layer-secret
COPY config/master.key /rails/config/master.key
# label: layer-rewrite
RUN useradd -m rails && chown -R rails:rails db log storage tmp
USER rails
EXPOSE 3000
CMD ["bin/rails", "server", "-b", "0.0.0.0"]
