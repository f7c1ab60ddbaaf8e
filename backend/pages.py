"""Server-rendered audiences (admin pages, H5 signer pages, big screen), each a blueprint package."""
import importlib

PAGE_PACKAGES = ("backend.admin", "backend.h5", "backend.screen", "backend.verify_page")


def register(app) -> None:
    """Register each page blueprint that exists; a package exposes `blp`."""
    for name in PAGE_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        app.register_blueprint(module.blp)
