"""Registrable domains (eTLD+1) by the Public Suffix List, offline.

"Is this host the app's own?" cannot be answered by cutting a name at its last two
labels: `bbc.co.uk` and `news.bbc.co.uk` are one party, `a.github.io` and `b.github.io`
are two. The Public Suffix List says where the registrable part of a name starts.

We use `publicsuffixlist` because it ships a current snapshot of the list inside the
package (its releases follow the list, a few a month) and never fetches it at run time:
these machines have no internet, and a compliance result must not depend on the day's
download. `tldextract` would also work with `suffix_list_urls=()`, but it keeps a cache
on disk and wants network access by default, which is two more things to switch off.
The private section of the list is included (cloud hosting names like
`<customer>.cloudfront.net` are separate parties). The snapshot's version is the
package's version (`publicsuffixlist_version()`), recorded with the harness's tools.
"""

from __future__ import annotations

import functools
import ipaddress
from importlib import metadata

from publicsuffixlist import PublicSuffixList


def normalise_host(host: str) -> str:
    """Lower case, no trailing dot, no port, no IPv6 brackets."""
    host = host.strip().lower().rstrip(".")
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class DomainNames:
    """The Public Suffix List's answers for host names; immutable once loaded."""

    def __init__(self, psl: PublicSuffixList | None = None) -> None:
        self._psl = psl if psl is not None else PublicSuffixList()

    def registrable(self, host: str) -> str:
        """`alog.umeng.com` -> `umeng.com`; an IP address, or a name that is itself a
        public suffix or has a single label (`localhost`), is returned as it is."""
        host = normalise_host(host)
        if not host or _is_ip(host):
            return host
        return self._psl.privatesuffix(host) or host

    def same_party(self, host: str, domain: str) -> bool:
        """Whether `host` belongs to the registrable domain of `domain`."""
        return self.registrable(host) == self.registrable(domain)


@functools.cache
def domain_names() -> DomainNames:
    """The bundled list, parsed once per process (it is read-only data, about 50 ms)."""
    return DomainNames()


def publicsuffixlist_version() -> str:
    return metadata.version("publicsuffixlist")
