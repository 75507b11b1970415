FROM node:18

# Create app directory
WORKDIR /usr/src/app

# Install app dependencies
COPY package.json .
# label: layer-cache
RUN npm install

# Bundle app source
# label: layer-deleted-later
COPY . .
# oops, the local env files got copied too
RUN rm -f .env .env.local

EXPOSE 3000
CMD [ "npm", "start" ]
