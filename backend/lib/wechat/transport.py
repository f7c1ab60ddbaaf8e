"""A requests transport adapter that sends WeChat API calls to another base URL."""

from __future__ import annotations

from requests.adapters import HTTPAdapter
from requests.utils import get_environ_proxies

WECHAT_ORIGIN = "https://api.weixin.qq.com/"


class RedirectingAdapter(HTTPAdapter):
    """Rewrites `https://api.weixin.qq.com/...` to `base_url` and enforces a default timeout."""

    def __init__(self, base_url: str | None = None, timeout: float = 5.0):
        super().__init__()
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        self.timeout = timeout

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        """Send `request`, to `base_url` when one is set, never without a timeout."""
        if self.base_url and request.url.startswith(WECHAT_ORIGIN):
            request.url = self.base_url + request.url[len(WECHAT_ORIGIN):]
            # requests chose proxies for WeChat's host; choose again for the real target so a
            # loopback fake is not sent through an HTTPS_PROXY meant for the internet.
            proxies = get_environ_proxies(request.url) if proxies else proxies
        # wechatpy fetches the access token with no timeout at all; a hung WeChat must not
        # hang a worker thread forever.
        if timeout is None:
            timeout = self.timeout
        return super().send(request, stream=stream, timeout=timeout, verify=verify,
                            cert=cert, proxies=proxies)


def mount(http_session, base_url: str | None, timeout: float) -> RedirectingAdapter:
    """Mount a RedirectingAdapter for WeChat's origin on a requests session and return it."""
    adapter = RedirectingAdapter(base_url, timeout)
    http_session.mount(WECHAT_ORIGIN, adapter)
    return adapter
