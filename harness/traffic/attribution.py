"""Who received a flow: the app itself or a third party, and which SDK, by network signature.

First party is decided by the app's profile (its own domains and its package name,
compared by registrable domain: harness.profile). The SDK comes from the SDK database's
network signatures (harness.sdk, built from Exodus/ETIP and curated data): every SDK whose
domain pattern covers the host. Several entries often share a domain (Exodus lists
"Umeng Analytics" and "Umeng Feedback" under umeng.com), so the name a finding shows is
what their names have in common ("Umeng"), else the most specific entry's name; every
entry's id is kept beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from harness.domains import DomainNames, domain_names, normalise_host
from harness.model import Attribution, Receiver
from harness.profile import AppProfile
from harness.sdk import Sdk, SdkDatabase


def sdk_display_name(sdks: Sequence[Sdk]) -> str | None:
    """The words all the names start with ("Umeng"), or the first (most specific) name."""
    if not sdks:
        return None
    names = [sdk.name.split() for sdk in sdks]
    common: list[str] = []
    for words in zip(*names, strict=False):
        if any(w.casefold() != words[0].casefold() for w in words):
            break
        common.append(words[0])
    return " ".join(common) if common else sdks[0].name


class HostAttributor:
    """Attributes hosts for one app; answers are cached per host."""

    def __init__(
        self, profile: AppProfile, sdk_db: SdkDatabase, domains: DomainNames | None = None
    ) -> None:
        self._profile = profile
        self._sdk_db = sdk_db
        self._domains = domains if domains is not None else domain_names()
        self._cache: dict[str, Attribution] = {}

    def attribute(self, host: str) -> Attribution:
        host = normalise_host(host)
        known = self._cache.get(host)
        if known is not None:
            return known
        sdks = self._sdk_db.match_host(host)
        first = self._profile.is_first_party(host)
        attribution = Attribution(
            host=host,
            registrable_domain=self._domains.registrable(host),
            receiver=Receiver.FIRST_PARTY if first else Receiver.THIRD_PARTY,
            sdk=sdk_display_name(sdks),
            sdk_ids=tuple(sdk.id for sdk in sdks),
        )
        self._cache[host] = attribution
        return attribution
