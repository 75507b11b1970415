FROM ruby:3.2
WORKDIR /site
COPY Gemfile Gemfile.lock ./
# label: layer-cache
RUN bundle install
COPY . .
RUN bundle exec jekyll build
EXPOSE 4000
CMD ["bundle", "exec", "jekyll", "serve", "--host", "0.0.0.0"]
