FROM ruby:3.2-bookworm AS site

ENV JEKYLL_ENV=production \
    LANG=C.UTF-8

WORKDIR /srv/jekyll

COPY Gemfile Gemfile.lock ./
# label: layer-cache
RUN bundle config set --local without 'development test' \
    && bundle install --jobs 4

COPY . .
RUN bundle exec jekyll build --destination /usr/share/site

FROM nginx:1.27-alpine-slim
COPY --from=site /usr/share/site /usr/share/nginx/html
COPY nginx/default.conf /etc/nginx/conf.d/default.conf
EXPOSE 80
