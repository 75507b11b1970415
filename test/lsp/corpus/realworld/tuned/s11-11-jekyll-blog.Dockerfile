FROM ruby:3.2 AS builder

WORKDIR /site
COPY Gemfile Gemfile.lock ./
# label: layer-cache
RUN bundle install

COPY . .
RUN JEKYLL_ENV=production bundle exec jekyll build

FROM nginx:alpine
COPY --from=builder /site/_site /usr/share/nginx/html
EXPOSE 80
