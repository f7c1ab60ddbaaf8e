"""Post one webhook: resolve and check the target, connect to the checked address, never follow a redirect.

The connection goes to the address resolve() checked, with the URL's host name in the Host header and,
for https, in SNI and the certificate check: a second DNS answer (rebinding) is never asked for.
"""
import time
from dataclasses import dataclass

import urllib3
from urllib3.exceptions import HTTPError

from backend.lib.webhooks.targets import Target, TargetRefused, parse, resolve

EXCERPT_BYTES = 1000
USER_AGENT = "Signstage-Webhooks/1"


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to."""

    status_code: int | None
    latency_ms: int
    excerpt: str | None = None  # the start of the receiver's answer
    error: str | None = None  # why there was no answer (or a refused target)
    address: str | None = None  # the address connected to

    @property
    def delivered(self) -> bool:
        """A 2xx answer: the receiver has it."""
        return self.status_code is not None and 200 <= self.status_code < 300


def _pool(target: Target, address: str, timeout: float, ca_certs: str | None):
    options = {"timeout": urllib3.Timeout(total=timeout), "retries": False, "maxsize": 1}
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(address, target.port, server_hostname=target.host,
                                           assert_hostname=target.host, cert_reqs="CERT_REQUIRED", ca_certs=ca_certs,
                                           **options)
    return urllib3.HTTPConnectionPool(address, target.port, **options)


def post(url: str, body: str, headers: dict[str, str], *, allow_private: bool, timeout: float = 10.0,
         ca_certs: str | None = None) -> Outcome:
    """POST body (JSON) to url with headers; never raises, the Outcome says what happened."""
    started = time.monotonic()
    elapsed = lambda: int((time.monotonic() - started) * 1000)  # noqa: E731
    try:
        target = parse(url, allow_private=allow_private)
        addresses = resolve(target, allow_private=allow_private)
    except TargetRefused as exc:
        return Outcome(None, elapsed(), error=exc.message[:300])
    sent = {**headers, "Host": target.host_header, "Content-Type": "application/json", "User-Agent": USER_AGENT}
    error = None
    for address in addresses:
        pool = _pool(target, address, timeout, ca_certs)
        try:
            response = pool.urlopen("POST", target.path, body=body.encode(), headers=sent, redirect=False,
                                    assert_same_host=False, preload_content=False, release_conn=False)
            try:
                excerpt = response.read(EXCERPT_BYTES).decode("utf-8", "replace")
            finally:
                response.close()
            return Outcome(response.status, elapsed(), excerpt=excerpt, address=address)
        except urllib3.exceptions.NewConnectionError as exc:
            error = f"{address}: {exc}"  # that address is unreachable: the next one may answer
        except (HTTPError, OSError) as exc:
            return Outcome(None, elapsed(), error=f"{type(exc).__name__}: {exc}"[:300], address=address)
        finally:
            pool.close()
    return Outcome(None, elapsed(), error=(error or "no address")[:300], address=None)
