# A slim, non-root image of the service. The embedded SQLite database lives in the /data volume;
# set AI_OPTOUT_DATABASE_URL to use PostgreSQL instead (compose.yaml does: the way to run it for
# real). .dockerignore keeps the virtualenv, caches and any local database out of the context.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md alembic.ini ./
COPY api ./api
# The migrations are package data (api/migrations), installed with the package.
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /app optout && mkdir -p /data && chown optout /data
COPY --from=build /install /usr/local
WORKDIR /app
USER optout
ENV AI_OPTOUT_DATA_DIR=/data AI_OPTOUT_HOST=0.0.0.0 AI_OPTOUT_PORT=8000 \
    AI_OPTOUT_ENVIRONMENT=production PYTHONUNBUFFERED=1
VOLUME ["/data"]
EXPOSE 8000
# Liveness on whatever port the service was told to use (AI_OPTOUT_PORT), not a fixed 8000.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import os, sys, urllib.request; port = os.environ.get('AI_OPTOUT_PORT', '8000'); sys.exit(urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=2).status != 200)"]
CMD ["ai-optout", "serve"]
