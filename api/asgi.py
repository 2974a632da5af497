"""Entry point for uvicorn workers: `uvicorn api.asgi:app` (settings from the environment)."""
from .app import create_app

app = create_app()
