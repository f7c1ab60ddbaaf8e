"""The production entry point: `gunicorn -c gunicorn.conf.py asgi:app` (uvicorn workers; see backend/web/asgi.py)."""
import os

from backend.app import create_app
from backend.web.asgi import SignstageAsgi

# Threads for ordinary requests, per process (what gunicorn's --threads was for the threaded worker).
app = SignstageAsgi(create_app(), threads=int(os.environ.get("GUNICORN_THREADS", "8")))
