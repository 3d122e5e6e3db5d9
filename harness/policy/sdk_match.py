"""An SDK list's row -> the SDK database's entries it names.

How: by the package the row gives (the database's code-prefix lookup), by its link's host
(the database's network lookup), else by name: NFKC-folded, without "SDK", "Android" and
punctuation, equal to a database name or one containing the other (at least two
characters, so 友盟+ names every 友盟 SDK, as the brand does). Every match is then widened to
the entries the stack attribution would name for the same code, and the flow attribution
for the same hosts (the database holds one SDK under several sources: exodus' "Umeng
Analytics" and AppScan's 友盟统计分析平台 share com.umeng.analytics), so a collector or
receiver attributed either way is found in the list.
Known gaps: a list naming only the company (深圳市腾讯计算机系统有限公司) matches nothing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from harness.profile import normalise_sdk_name
from harness.sdk import Sdk, SdkDatabase

_MIN_LATIN = 4  # "push" inside "jpush" is not a name


class SdkMatcher:
    def __init__(self, db: SdkDatabase) -> None:
        self._db = db
        # Every name an SDK goes by: 极光推送 and JPush, 个推 and Getui Push, and the names
        # the reference lists gave the entries folded into it.
        self._names: list[tuple[str, Sdk]] = [
            (key, sdk)
            for name, sdk in db.named()
            if (key := normalise_sdk_name(name).replace("+", ""))
        ]

    def match(
        self, name: str, package: str | None = None, link: str | None = None
    ) -> tuple[str, ...]:
        found: list[Sdk] = []
        if package:
            hit = self._db.match_class(package.strip().rstrip(".") + ".A")
            if hit is not None:
                found.append(hit)
        wanted = normalise_sdk_name(name).replace("+", "")
        if wanted:
            exact = [sdk for key, sdk in self._names if key == wanted]
            found.extend(exact or [sdk for key, sdk in self._names if _contains(key, wanted)])
        if not found and link:
            host = urlsplit(link.strip()).hostname or ""
            found.extend(self._db.match_host(host) if host else ())
        ids: dict[str, None] = {}
        for sdk in found:
            ids[sdk.id] = None
            for prefix in sdk.code_prefixes:
                if prefix.startswith("."):
                    continue
                same = self._db.match_class(prefix + ".A")
                if same is not None:
                    ids[same.id] = None
            # And the entry a flow to the SDK's own hosts is attributed to.
            for pattern in sdk.network_patterns:
                if not pattern.startswith("re:"):
                    for same in self._db.match_host(pattern)[:1]:
                        ids[same.id] = None
        return tuple(ids)


def _contains(key: str, wanted: str) -> bool:
    shorter = key if len(key) < len(wanted) else wanted
    minimum = _MIN_LATIN if shorter.isascii() else 2
    return len(shorter) >= minimum and (key in wanted or wanted in key)
