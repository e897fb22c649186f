"""The visitor's address as the site's own proxies saw it, for limits on forms and decisions.

Behind a reverse proxy or load balancer `REMOTE_ADDR` is the proxy, so limiting by it limits
the whole world at once; `X-Forwarded-For` tells the client, but anybody can send that header.
The address is therefore read from `X-Forwarded-For` only as far as the hops that added to it
are trusted, set by `SELOSTE_TRUSTED_PROXIES`:

- a list of addresses or networks (`["10.0.0.0/8", "127.0.0.1"]`): the chain of hops is read
  from the right, past every trusted one; the first hop that is not trusted is the client.
  The default is loopback only, which fits a proxy on the same machine and, without a proxy,
  ignores the header (a direct visitor's `REMOTE_ADDR` is never loopback);
- a number of proxies (`2`): that many hops from the right are trusted whoever they are. Use
  it only when nothing can reach the app servers except through those proxies.

IPv6 visitors get a whole /64 network from their provider, so limits count per /64
(`limit_key`); an IPv4 address counts on its own.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

DEFAULT_TRUSTED_PROXIES = ("127.0.0.1", "::1")
IPV6_LIMIT_PREFIX = 64


def parse_address(text: str) -> Address | None:
    """An address from a header value: port, brackets and IPv4-mapped IPv6 taken off."""
    text = text.strip().strip('"')
    if text.startswith("["):  # [2001:db8::1]:443
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


@functools.lru_cache(maxsize=8)
def _trusted(setting: int | tuple[str, ...]) -> int | tuple[Network, ...]:
    if isinstance(setting, int):
        if setting < 0:
            raise ImproperlyConfigured("SELOSTE_TRUSTED_PROXIES cannot be a negative number.")
        return setting
    networks = []
    for entry in setting:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"SELOSTE_TRUSTED_PROXIES: {entry!r} is not an address or network."
            ) from error
    return tuple(networks)


def trusted_proxies() -> int | tuple[Network, ...]:
    """The setting, checked: a number of hops, or the networks whose hops are trusted."""
    setting = getattr(settings, "SELOSTE_TRUSTED_PROXIES", DEFAULT_TRUSTED_PROXIES)
    if isinstance(setting, bool):  # bool is an int; True would silently mean "one proxy"
        raise ImproperlyConfigured("SELOSTE_TRUSTED_PROXIES is a list of networks or a number.")
    if isinstance(setting, str):
        setting = [setting]
    return _trusted(setting if isinstance(setting, int) else tuple(setting))


@receiver(setting_changed)
def _forget_trusted(*, setting: str, **kwargs) -> None:
    if setting == "SELOSTE_TRUSTED_PROXIES":
        _trusted.cache_clear()


def _is_trusted(address: Address, networks: Iterable[Network]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def forwarded_chain(request: HttpRequest) -> list[str]:
    """Every hop, the client first: X-Forwarded-For's entries, then REMOTE_ADDR."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return [*hops, request.META.get("REMOTE_ADDR", "")]


def client_address(request: HttpRequest) -> str:
    """The client's address as the outermost trusted proxy saw it; "" when unknown."""
    trusted = trusted_proxies()
    chain = forwarded_chain(request)
    remote = parse_address(chain[-1])
    if remote is None:
        return ""
    if isinstance(trusted, int):
        if trusted == 0 or len(chain) == 1:
            return str(remote)
        # That many proxies added to the header; the entry they were given is the client's.
        # A shorter chain reached an inner proxy directly: its first entry is still real.
        candidate = chain[-(trusted + 1)] if len(chain) > trusted else chain[0]
        address = parse_address(candidate)
        return str(address) if address else str(remote)

    # From the right: past every trusted hop. A hop that cannot be read ends the walk at the
    # last one that could, so made-up text never becomes a key of its own.
    client = remote
    for hop in reversed(chain[:-1]):
        if not _is_trusted(client, trusted):
            break
        address = parse_address(hop)
        if address is None:
            break
        client = address
    return str(client)


def limit_key(address: str) -> str:
    """What a limit counts: the IPv4 address, or the IPv6 address's /64 network."""
    parsed = parse_address(address) if address else None
    if parsed is None:
        return ""
    if isinstance(parsed, ipaddress.IPv6Address):
        network = ipaddress.IPv6Network((parsed, IPV6_LIMIT_PREFIX), strict=False)
        return str(network)
    return str(parsed)


def client_limit_key(request: HttpRequest) -> str:
    """The key under which this request's client is limited."""
    return limit_key(client_address(request))


@checks.register(checks.Tags.security)
def check_trusted_proxies(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    try:
        trusted_proxies()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="seloste_cookies.E001")]
    return []
