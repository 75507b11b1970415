FROM archlinux:base

# the package cache and the sync databases stay in this layer
# label: layer-cache
RUN pacman -Syu --noconfirm --needed python python-pip nodejs npm git make

WORKDIR /workspace
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force

COPY . .
RUN npm run build

EXPOSE 4000
CMD ["npx", "serve", "-l", "4000", "site"]
