"""Attribution: record who receives each flow, as soon as its request is complete.

The receiver (the app's own servers or a third party, by registrable domain from the
Public Suffix List) and the SDK whose network signature covers the host are written into
`flow.metadata["harness.attribution"]` at the `request` hook. mitmproxy saves a flow's
metadata with it, so the recorder (after this addon in the chain) writes the attribution
into flows.mitm together with the flow: a killed harness leaves both on disk.

The pure work is harness.traffic.attribution; this addon only feeds it flows.
"""

from __future__ import annotations

from collections.abc import Sequence

import pydantic
from mitmproxy import addonmanager, ctx, exceptions, http

from harness.profile import AppProfile
from harness.sdk import SdkDatabase
from harness.traffic.attribution import HostAttributor
from harness.traffic.flows import ATTRIBUTION_KEY


class ReceiverAttribution:
    def __init__(self, sdk_db: SdkDatabase | None = None) -> None:
        self._sdk_db = sdk_db
        self._attributor: HostAttributor | None = None

    def load(self, loader: addonmanager.Loader) -> None:
        loader.add_option(
            "app_package",
            str | None,  # type: ignore[arg-type]  # Loader says `type`, but takes unions
            None,
            """
            The app's package name (com.example.app). Hosts under the registrable domain of
            the reversed package name (example.com) are the app's own: first party.
            """,
        )
        loader.add_option(
            "first_party_domains",
            Sequence[str],
            [],
            """
            The app's own domains. A host with the same registrable domain (Public Suffix
            List) as one of them is first party; every other host is a third party.
            """,
        )

    def configure(self, updated: set[str]) -> None:
        if self._attributor is not None and not {"app_package", "first_party_domains"} & updated:
            return
        try:
            profile = AppProfile(
                package=ctx.options.app_package or "",
                own_domains=tuple(ctx.options.first_party_domains),
            )
        except pydantic.ValidationError as exc:
            raise exceptions.OptionsError(f"app_package/first_party_domains: {exc}") from exc
        if self._sdk_db is None:
            self._sdk_db = SdkDatabase.load()
        self._attributor = HostAttributor(profile, self._sdk_db)

    def request(self, flow: http.HTTPFlow) -> None:
        if self._attributor is not None:
            attribution = self._attributor.attribute(flow.request.pretty_host)
            flow.metadata[ATTRIBUTION_KEY] = attribution.to_json()
