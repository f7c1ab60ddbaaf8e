"""Mini-program codes (getwxacodeunlimit) for signers, cached; None when WeChat is off or failing."""
import logging

from flask import current_app

from backend.core.resources import files, wechat
from backend.lib.wechat import DEFAULT_PAGE, WeChatError
from backend.models import Participant

log = logging.getLogger("signstage.wechat")


def mini_program_png(participant: Participant) -> bytes | None:
    """The signer's mini-program code, or None so the caller falls back to the H5 QR code."""
    gateway = wechat()
    if gateway is None or not participant.scene_token:
        return None
    env_version = current_app.config.get("WECHAT_ENV_VERSION", "release")
    key = f"wxacode/{env_version}/{participant.scene_token}.png"
    stored = files().find(key)
    if stored is not None:
        return stored
    try:
        png = gateway.scene_code_png(participant.scene_token, page=DEFAULT_PAGE, env_version=env_version)
    except WeChatError as exc:
        # A shared screen must still show something scannable: the H5 code works in WeChat too.
        log.warning("mini-program code for %s failed (%s); using the H5 QR code", participant.id, exc.code)
        return None
    files().write(key, png)
    return png
