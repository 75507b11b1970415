FROM node:20 AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --cache /tmp/.npm && rm -rf /tmp/.npm
COPY . .
RUN npx ng build --configuration production
FROM nginx:1.27-alpine
COPY --from=build /src/dist/app/browser /usr/share/nginx/html
