FROM node:18-alpine
RUN apk add --no-cache git openssh-client

# private repo, cloned with the team's deploy key
# label: layer-secret
COPY deploy_key /root/.ssh/id_ed25519
# label: layer-rewrite
RUN chmod 600 /root/.ssh/id_ed25519
RUN ssh-keyscan git.example.com >> /root/.ssh/known_hosts \
    && git clone --depth 1 git@git.example.com:team/dashboard.git /src

WORKDIR /src
# label: layer-cache
RUN npm ci && npm run build

EXPOSE 4173
CMD ["npx", "vite", "preview", "--host", "0.0.0.0"]
