"""Where a webhook may go: an https URL whose every address is public, unless private targets are allowed.

Checked twice: a URL naming an address (or localhost) when it is subscribed, and at every delivery
after DNS resolution, where every address the name resolves to must pass (a name that resolves to a
public and a private address is refused: a rebinding attacker controls which one a second lookup
returns). The sender then connects to the address checked here, never resolving the name again.
"""
import ipaddress
from dataclasses import dataclass
from socket import IPPROTO_TCP, SOCK_STREAM, gaierror, getaddrinfo
from urllib.parse import urlsplit

from backend.lib.errors import N_, LibraryError

MAX_URL_LENGTH = 500


class TargetRefused(LibraryError, ValueError):
    """The URL or one of its addresses may not receive webhooks; the message says why."""

    code = "webhook_url_refused"
    message_zh = N_("网址不能接收事件通知")


@dataclass(frozen=True)
class Target:
    """A parsed webhook URL."""

    scheme: str
    host: str  # without brackets, lower case
    port: int
    path: str  # path and query, as sent in the request line

    @property
    def host_header(self) -> str:
        """The Host header the receiver expects (the port only when it is not the scheme's own)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def refusal(address: str) -> str | None:
    """Why an address may not receive webhooks without the private-targets setting, or None when it is public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local (cloud metadata)"
    if ip.is_private:
        return "private"
    if ip.is_multicast or ip.is_reserved or ip.is_unspecified or not ip.is_global:
        return "not public"
    return None


def _literal_address(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


def parse(url: str, *, allow_private: bool) -> Target:
    """Check a URL's form (and its host, when it is an address or localhost); the Target, or TargetRefused."""
    if not url or len(url) > MAX_URL_LENGTH:
        raise TargetRefused(f"1 to {MAX_URL_LENGTH} characters", message_zh=N_("网址应为1–%(n)s个字符"),
                            params={"n": MAX_URL_LENGTH})
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise TargetRefused("not a valid URL", message_zh=N_("网址格式有误"))
    if port == 0:
        raise TargetRefused("port 0 is not a port", message_zh=N_("端口无效"))
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in schemes:
        raise TargetRefused("the URL must be https", message_zh=N_("网址须以 https:// 开头"))
    if parts.username is not None or parts.password is not None:
        raise TargetRefused("no credentials in the URL: check the signature",
                            message_zh=N_("网址不能包含用户名或密码，请用签名验证来源"))
    host = (parts.hostname or "").rstrip(".")
    if not host or any(ch.isspace() for ch in url):
        raise TargetRefused("the URL needs a host", message_zh=N_("网址须包含主机名"))
    target = Target(parts.scheme, host, port or (443 if parts.scheme == "https" else 80),
                    (parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
    if not allow_private:
        address = _literal_address(host)
        if address and (why := refusal(address)):
            raise TargetRefused(f"address {address} is {why}", message_zh=N_("不能向内网或本机地址发送（%(address)s）"),
                                params={"address": str(address)})
        if host == "localhost" or host.endswith(".localhost"):
            raise TargetRefused("localhost is not allowed", message_zh=N_("不能向本机发送"))
    return target


def resolve(target: Target, *, allow_private: bool) -> list[str]:
    """The addresses to connect to, every one checked; TargetRefused when the name fails or any address is refused."""
    literal = _literal_address(target.host)
    if literal:
        found = [literal]
    else:
        try:
            infos = getaddrinfo(target.host, target.port, type=SOCK_STREAM, proto=IPPROTO_TCP)
        except (gaierror, UnicodeError) as exc:
            raise TargetRefused(f"cannot resolve {target.host}: {exc}", message_zh=N_("无法解析主机名%(host)s"),
                                params={"host": target.host})
        found = list(dict.fromkeys(info[4][0] for info in infos))
    if not found:
        raise TargetRefused(f"cannot resolve {target.host}", message_zh=N_("无法解析主机名%(host)s"),
                            params={"host": target.host})
    if not allow_private:
        for address in found:
            if why := refusal(address):
                raise TargetRefused(f"{target.host} resolves to {address}, {why}",
                                    message_zh=N_("主机名%(host)s解析到内网或本机地址%(address)s"),
                                    params={"host": target.host, "address": address})

    return found


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_TOP = r"[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?"  # a top-level label is never numeric: no address literals
_PORT = r"(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"
_REST = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"
# What the default deployment accepts, for the published spec (parse() is the rule, and knows the setting).
PUBLIC_PATTERN = (rf"^https://(?!(?:{_LABEL}\.)*localhost(?:[:/?#]|$)){_LABEL}(?:\.{_LABEL})*\.{_TOP}"
                  rf"(?::{_PORT})?(?:[/?#]{_REST}*)?$")
