# Modelled on: Rails/Sinatra images on ruby:*-alpine (virtual build-deps package, bundle config, non-root user)
FROM ruby:3.3-alpine
RUN apk add --no-cache tzdata postgresql-libs nodejs
WORKDIR /app
COPY Gemfile Gemfile.lock ./
# label: layer-cache
RUN apk add --no-cache --virtual .build-deps build-base postgresql-dev \
    && bundle config set --local without 'development test' \
    && bundle install --jobs 4 --retry 3 \
    && apk del .build-deps
COPY . .
# label: layer-rewrite
RUN chmod +x bin/* && adduser -D -h /app rails && chown -R rails:rails log tmp
USER rails
EXPOSE 3000
CMD ["bin/rails", "server", "-b", "0.0.0.0"]
