# A slim, non-root image of the service. The embedded SQLite database lives in the /data volume;
# set AI_OPTOUT_DATABASE_URL to use PostgreSQL instead.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md alembic.ini ./
COPY api ./api
COPY migrations ./migrations
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /app optout && mkdir -p /data && chown optout /data
COPY --from=build /install /usr/local
WORKDIR /app
COPY --chown=optout migrations ./migrations
USER optout
ENV AI_OPTOUT_DATA_DIR=/data AI_OPTOUT_HOST=0.0.0.0 AI_OPTOUT_PORT=8000 \
    AI_OPTOUT_ENVIRONMENT=production PYTHONUNBUFFERED=1
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"
CMD ["ai-optout", "serve"]
