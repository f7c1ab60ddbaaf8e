"""WeChatGateway: the mini-program server APIs Signstage needs, through wechatpy."""

from __future__ import annotations

import io
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

import redis
import requests
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session.memorystorage import MemoryStorage
from wechatpy.session.redisstorage import RedisStorage

from backend.lib.wechat import transport
from backend.lib.wechat.errors import BadCredentials, InvalidCode, WeChatError, WeChatUnavailable, from_errcode
from backend.lib.wechat.scene import check_env_version, check_page, check_scene, check_width

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DEFAULT_PAGE = "pages/sign/index"
_CODE_MAX_LENGTH = 256


@dataclass(frozen=True)
class WeChatSession:
    """The result of code2session; `session_key` is a server-side secret and hidden from repr."""

    openid: str
    unionid: str | None
    session_key: str = field(repr=False)


class _Client(WeChatClient):
    """wechatpy's client with bounded token retries and token errors mapped to our classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._local = threading.local()

    def _request(self, method, url_or_endpoint, **kwargs):
        # wechatpy answers 40001/42001 by refetching the token and calling _request again,
        # recursively and without limit; count the depth so fetch_access_token can stop it.
        depth = getattr(self._local, "depth", 0)
        self._local.depth = depth + 1
        try:
            return super()._request(method, url_or_endpoint, **kwargs)
        finally:
            self._local.depth = depth

    def fetch_access_token(self):
        if getattr(self._local, "depth", 0) >= 2:
            # We are inside wechatpy's retry and the token fetched for it was refused as well.
            raise WeChatUnavailable("WeChat refused a freshly fetched access token")
        try:
            return super().fetch_access_token()
        except WeChatClientException as exc:
            if exc.errcode is None:
                raise  # HTTP-level failure: the caller's translation makes it Unavailable
            error = from_errcode(exc.errcode, exc.errmsg)
            if type(error) is WeChatError:
                # Any other refusal of appid+secret (40001 wrong secret, 40002, ...) is ours.
                error = BadCredentials(error.message, error.errcode)
            raise error from exc
        except KeyError as exc:
            raise WeChatUnavailable("WeChat's token answer had no access_token") from exc


class WeChatGateway:
    """The mini-program server calls: login, phone number, scene codes; WeChatError on failure."""

    def __init__(self, appid: str, secret: str, *, base_url: str | None = None,
                 redis_url: str | None = None, redis_prefix: str = "signstage:wechat",
                 timeout: float = 5.0):
        if not appid or not secret:
            raise BadCredentials("WeChat appid and secret are both required")
        if redis_url:
            connection = redis.Redis.from_url(redis_url, socket_timeout=timeout,
                                              socket_connect_timeout=timeout)
            # One key space per appid, so two mini-programs never share a token.
            storage = RedisStorage(connection, prefix=f"{redis_prefix}:{appid}")
        else:
            storage = MemoryStorage()
        self.appid = appid
        self.base_url = base_url
        self._client = _Client(appid, secret, session=storage, timeout=timeout)
        transport.mount(self._client._http, base_url, timeout)

    def __repr__(self) -> str:
        return f"WeChatGateway(appid={self.appid!r}, base_url={self.base_url!r})"

    @property
    def token_storage(self):
        """The wechatpy session storage holding the access token."""
        return self._client.session

    @property
    def access_token_key(self) -> str:
        """The storage key of the access token (before the storage's own prefix)."""
        return self._client.access_token_key

    def code_to_session(self, code: str) -> WeChatSession:
        """Exchange a `wx.login` code for the user's openid, unionid and session_key."""
        _check_code(code)
        with _translated():
            result = self._client.wxa.code_to_session(code)
        result = _expect_dict(result)
        openid, session_key = result.get("openid"), result.get("session_key")
        if not openid or not session_key:
            raise WeChatUnavailable("WeChat's code2session answer had no openid or session_key")
        return WeChatSession(openid=openid, unionid=result.get("unionid") or None,
                             session_key=session_key)

    def phone_number(self, phone_code: str) -> str:
        """Exchange a phone-number button code for the user's number: a mainland number's 11 digits, any
        other country's in E.164 (+852...)."""
        _check_code(phone_code)
        with _translated():
            result = self._client.post(transport.WECHAT_ORIGIN + "wxa/business/getuserphonenumber",
                                       data={"code": phone_code})
        info = _expect_dict(result).get("phone_info") or {}
        number = info.get("purePhoneNumber")
        if not isinstance(number, str) or not number:
            raise WeChatUnavailable("WeChat's phone answer had no phone_info.purePhoneNumber")
        # purePhoneNumber has no country code: a number outside the mainland is only whole with countryCode.
        country = str(info.get("countryCode") or "86").strip().lstrip("+")
        if country == "86":
            return number
        if not country.isdigit():
            raise WeChatUnavailable("WeChat's phone answer had an unreadable phone_info.countryCode")
        return f"+{country}{number}"

    def scene_code_png(self, scene: str, *, page: str = DEFAULT_PAGE, width: int = 430,
                       env_version: str = "release", check_path: bool = False) -> bytes:
        """Return the PNG of the unlimited mini-program code opening `page` with `scene`."""
        body = {"scene": check_scene(scene), "page": check_page(page), "width": check_width(width),
                "env_version": check_env_version(env_version), "check_path": bool(check_path)}
        with _translated():
            # wechatpy's get_wxa_code_unlimited knows neither env_version nor check_path.
            result = self._client.post(transport.WECHAT_ORIGIN + "wxa/getwxacodeunlimit", data=body)
        if not isinstance(result, requests.Response):
            raise WeChatUnavailable("WeChat answered JSON without an error where an image was due")
        return _as_png(result.content)

    def close(self) -> None:
        """Release pooled HTTP connections."""
        self._client._http.close()


def _check_code(code: object) -> None:
    # Refuse garbage locally: no point spending WeChat quota on it.
    if not isinstance(code, str) or not code.strip() or len(code) > _CODE_MAX_LENGTH:
        raise InvalidCode("the code is empty or malformed")


def _expect_dict(result: object) -> dict:
    if not isinstance(result, dict):
        raise WeChatUnavailable("WeChat answered something that is not JSON")
    return result


def _as_png(content: bytes) -> bytes:
    if content.startswith(PNG_SIGNATURE):
        return content
    # WeChat may serve the code as JPEG; callers were promised PNG.
    from PIL import Image, UnidentifiedImageError
    try:
        with Image.open(io.BytesIO(content)) as image:
            out = io.BytesIO()
            image.save(out, format="PNG")
            return out.getvalue()
    except (UnidentifiedImageError, OSError) as exc:
        raise WeChatUnavailable("WeChat's answer was neither an error nor an image") from exc


@contextmanager
def _translated():
    """Turn wechatpy, requests and redis failures into WeChatError subclasses."""
    try:
        yield
    except WeChatError:
        raise
    except WeChatClientException as exc:
        if exc.errcode is None:
            status = getattr(exc.response, "status_code", None)
            raise WeChatUnavailable(f"WeChat answered HTTP {status}") from exc
        raise from_errcode(exc.errcode, exc.errmsg) from exc
    except requests.Timeout as exc:
        raise WeChatUnavailable("WeChat did not answer in time") from exc
    except requests.RequestException as exc:
        raise WeChatUnavailable(f"WeChat could not be reached: {type(exc).__name__}") from exc
    except redis.RedisError as exc:
        raise WeChatUnavailable("the access-token store (Redis) is unavailable") from exc
