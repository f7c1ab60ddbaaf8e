"""Rules for the arguments of WeChat's unlimited mini-program code (getwxacodeunlimit)."""

from __future__ import annotations

import re

from backend.lib.wechat.errors import InvalidArgument

SCENE_MAX_LENGTH = 32
# WeChat's documented scene alphabet; anything else is answered 40169 after a round trip.
_SCENE_RE = re.compile(r"[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,%d}" % SCENE_MAX_LENGTH)
# A mini-program page path: no leading slash, no query string (scene carries the parameters).
_PAGE_RE = re.compile(r"[0-9A-Za-z_\-]+(/[0-9A-Za-z_\-]+)*")
ENV_VERSIONS = ("release", "trial", "develop")
WIDTH_RANGE = (280, 1280)


def is_valid_scene(scene: object) -> bool:
    """Tell whether `scene` is a string WeChat accepts as a scene."""
    return isinstance(scene, str) and _SCENE_RE.fullmatch(scene) is not None


def check_scene(scene: object) -> str:
    """Return `scene` unchanged, or raise InvalidArgument if WeChat would refuse it."""
    if not is_valid_scene(scene):
        raise InvalidArgument(
            f"scene must be 1-{SCENE_MAX_LENGTH} characters of 0-9A-Za-z!#$&'()*+,/:;=?@-._~"
        )
    return scene  # type: ignore[return-value]


def check_page(page: object) -> str:
    """Return `page` unchanged, or raise InvalidArgument if it is not a page path."""
    if not isinstance(page, str) or len(page) > 128 or _PAGE_RE.fullmatch(page) is None:
        raise InvalidArgument("page must be a path like 'pages/sign/index' (no leading '/', no query)")
    return page


def check_width(width: object) -> int:
    """Return `width` unchanged, or raise InvalidArgument outside WeChat's 280-1280 px."""
    low, high = WIDTH_RANGE
    if isinstance(width, bool) or not isinstance(width, int) or not low <= width <= high:
        raise InvalidArgument(f"width must be an integer from {low} to {high}")
    return width


def check_env_version(env_version: object) -> str:
    """Return `env_version` unchanged, or raise InvalidArgument if it is not a WeChat one."""
    if env_version not in ENV_VERSIONS:
        raise InvalidArgument(f"env_version must be one of {', '.join(ENV_VERSIONS)}")
    return env_version  # type: ignore[return-value]
