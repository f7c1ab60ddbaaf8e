"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi run`."""
import gc

from backend.app import create_app

app = create_app()
# Everything built so far lives as long as the process: keep it out of the cyclic collector's
# full passes, which otherwise stopped every request of a serving process for ~50 ms.
gc.collect()
gc.freeze()
