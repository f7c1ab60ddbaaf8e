"""The big screen (`/screen/<result_token>`): the live result page, its state, QR codes and event stream."""
from pathlib import Path

from flask_smorest import Blueprint

ASSETS = Path(__file__).resolve().parents[3] / "h5" / "screen"

blp = Blueprint("screen", __name__, url_prefix="/screen", static_folder=str(ASSETS), static_url_path="/assets",
                description="The big screen: the result page, its state, images and live events (the token is the key)")


# Views register themselves on blp; imported last because they import blp.
from backend.web.screen import media, replay, stream, views  # noqa: E402,F401
