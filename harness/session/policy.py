"""The privacy policy a session captures, and the profile it then judges the app by.

How: just before the scenario's first consent step, `capture_before_consent` waits (at most
`wait_s`) for the consent dialog (harness.ui.consent), follows its policy and SDK-list links
(harness.policy.capture), and writes what it saw into the bundle's `policy/`: each page's
text (`<kind>.txt`), its screen dumps (`ui/<kind>-NN.xml`) and `source.json` (each page's
link, dumps and sha256). `judged_profile` then judges by the captured policy an app
whose profile declares nothing by hand: its categories become the declared ones and the
policy rules read it (scoring.json's `profile_source` says `policy:ui`). A hand-written
profile stays as it is (the policy is still in the bundle, for `harness policy BUNDLE`).
A policy given with `harness run --policy FILE|URL` (`given_policy`) is read once the
session's proxy is up: a URL through that proxy (the flow that delivered it is in the
bundle's flows.mitm), never from the harness host directly. A device whose proxy is a
sinkhole answers it with the sinkhole's small JSON, which is no policy: an input error
(use a passthrough device, or a file). It is written as `policy/given.txt` with
`policy/given.json`, and it wins over a captured one (a person chose it); scoring.json's
`profile_source` says `policy:<FILE|URL>`.
Known gaps: only the first consent dialog's links are followed; an app whose dialog has no
link keeps its hand-written profile (or none).
"""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path
from typing import Any

from harness.errors import InputError
from harness.evidence.bundle import BundleWriter
from harness.policy import PolicyReader, profile_from_policy
from harness.policy.capture import CapturedPage, CaptureError, PolicyCapture
from harness.policy.lexicon import Lexicon
from harness.policy.source import (
    GIVEN_PAGE,
    GIVEN_SOURCE,
    POLICY_DIR,
    SOURCE_FILE,
    PolicyText,
    fetch_url,
    is_url,
    read_file,
)
from harness.policy.text import hierarchy_lines, lines_of
from harness.profile import AppProfile, DeclaredPolicy, PolicySource
from harness.traffic.ca import ca_cert_path
from harness.ui.consent import detect_consent
from harness.ui.driver import UiDriver
from harness.ui.hierarchy import HierarchyError, parse_hierarchy

log = logging.getLogger(__name__)

UI_SOURCE = "policy:ui"


def capture_before_consent(
    ui: UiDriver, writer: BundleWriter, wait_s: float, poll_s: float = 0.2
) -> DeclaredPolicy | None:
    """The policy the consent dialog links to, read and recorded; None when there is none."""
    if not _dialog_shown(ui, wait_s, poll_s):
        return None
    lexicon = Lexicon.load()
    try:
        pages = PolicyCapture(ui, lexicon.terms).pages()
    except CaptureError as exc:
        log.warning("policy capture stopped: %s", exc)
        writer.add_json(f"{POLICY_DIR}/{SOURCE_FILE}", {"pages": [], "error": str(exc)})
        return None
    if not pages:
        return None
    lines: list[str] = []
    recorded: list[dict[str, Any]] = []
    for page in pages:
        page_lines = hierarchy_lines(page.dumps)
        lines.extend(page_lines)
        recorded.append(_record(writer, page, page_lines))
    whole = "\n".join(lines)
    source = PolicySource(
        kind="ui",
        location=", ".join(p.link for p in pages),
        sha256=hashlib.sha256(whole.encode("utf-8")).hexdigest(),
    )
    writer.add_json(f"{POLICY_DIR}/{SOURCE_FILE}", {"pages": recorded})
    return PolicyReader(lexicon).read_lines(lines, source)


def read_given(where: str) -> PolicyText | None:
    """A `--policy FILE` read now (bad input before any process starts); a URL later."""
    return None if is_url(where) else read_file(Path(where))


def given_policy(
    where: str,
    preread: PolicyText | None,
    proxy_port: int,
    confdir: Path | None,
    writer: BundleWriter,
) -> DeclaredPolicy:
    """The policy given by the lab, fetched through the session's proxy if it is a URL."""
    if preread is not None:
        loaded = preread
    else:
        loaded = fetch_url(where, f"http://127.0.0.1:{proxy_port}", ca_cert_path(confdir))
    lines = lines_of(loaded.text)
    text = "\n".join(lines) + "\n"
    writer.add_file(f"{POLICY_DIR}/{GIVEN_PAGE}", text.encode("utf-8"))
    digest = hashlib.sha256(loaded.text.encode("utf-8")).hexdigest()
    writer.add_json(
        f"{POLICY_DIR}/{GIVEN_SOURCE}",
        {"kind": loaded.kind, "location": loaded.location, "sha256": digest},
    )
    source = PolicySource(kind=loaded.kind, location=loaded.location, sha256=digest)
    policy = PolicyReader().read_lines(lines, source)
    if not policy.declarations and not policy.sdks:
        raise InputError(where, "no data category or SDK found: is this a privacy policy?")
    return policy


def judged_profile(
    profile: AppProfile,
    profile_source: str,
    captured: DeclaredPolicy | None,
    given: DeclaredPolicy | None = None,
) -> tuple[AppProfile, str]:
    """The profile the rules judge by.

    A profile that carries a policy keeps it. A given policy (`--policy`, a person's
    choice) joins any other profile; a captured one only a profile that declares nothing
    by hand (no `declared_categories` written, not even an empty list), and only if it
    declares something: a page that names no category and no SDK (a summary, a WebView
    whose text the dump lacks) is more likely a capture that missed the policy than a
    policy. The policy's categories become the declared ones unless the profile declares
    its own (those stay, for the necessity rules; the policy rules read the policy).
    """
    if profile.policy is not None:
        return profile, profile_source
    if given is not None:
        where = f"policy:{given.source.location if given.source else 'given'}"
        if _declares_by_hand(profile):
            return profile.model_copy(update={"policy": given}), f"{profile_source} + {where}"
        return profile_from_policy(profile, given), where
    if captured is None or _declares_by_hand(profile):
        return profile, profile_source
    if not captured.declarations and not captured.sdks:
        log.warning("the captured policy declares nothing: not judging by it")
        return profile, profile_source
    return profile_from_policy(profile, captured), UI_SOURCE


def _declares_by_hand(profile: AppProfile) -> bool:
    return bool(profile.declared_categories) or "declared_categories" in profile.model_fields_set


def _dialog_shown(ui: UiDriver, wait_s: float, poll_s: float) -> bool:
    deadline = time.monotonic() + wait_s
    while True:
        try:
            if detect_consent(parse_hierarchy(ui.dump_hierarchy())) is not None:
                return True
        except HierarchyError:
            pass  # a screen mid-change: look again
        if time.monotonic() >= deadline:
            return False
        time.sleep(poll_s)


def _record(writer: BundleWriter, page: CapturedPage, lines: list[str]) -> dict[str, Any]:
    dumps = []
    for number, dump in enumerate(page.dumps, start=1):
        dumps.append(
            writer.add_file(f"{POLICY_DIR}/ui/{page.kind}-{number:02d}.xml", dump.encode("utf-8"))
        )
    text = "\n".join(lines) + "\n"
    name = writer.add_file(f"{POLICY_DIR}/{page.kind}.txt", text.encode("utf-8"))
    return {
        "page": name,
        "kind": "ui",
        "link": page.link,
        "location": f"ui: {page.link}",
        "dumps": dumps,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
