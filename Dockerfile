# The platform as one image: migrates the database, then serves with uvicorn.
# Configure with DATABASE_URL (postgresql+psycopg://...) and SECRET_KEY (32+ random characters).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    JIANGUAN_ENV=production \
    WEB_CONCURRENCY=2

WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY api ./api
COPY models ./models
COPY supervision ./supervision
COPY migrations ./migrations
COPY templates ./templates
RUN pip install --no-cache-dir -e . \
    && useradd --system --uid 10001 jianguan
USER jianguan

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz').status == 200 else 1)"
CMD ["sh", "-c", "jianguan db upgrade && exec uvicorn api.asgi:app --host 0.0.0.0 --port 8000 --workers ${WEB_CONCURRENCY} --proxy-headers"]
