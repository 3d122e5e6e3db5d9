"""The policy a session judges the app by, when its profile declares nothing by hand.

How: a lab app may ship its privacy policy pages in `policy/` beside its app.yaml (the
policy page and the SDK-list page, as text, Markdown or HTML, read in name order). When the
app's profile declares no category and carries no policy, the session reads those pages
(harness.policy), copies them into the bundle's `policy/` with `source.json` (each page's
file and sha256), and scores with the profile the policy gives; scoring.json's
`profile_source` then says `policy:<folder>`.
Known gaps: the policy is not yet captured from the app's own screens (following the
consent dialog's link); APKs on phones are judged by their profile file only.
"""

from __future__ import annotations

import hashlib

from harness.evidence.bundle import BundleWriter
from harness.hostlab import LabApp
from harness.policy import PolicyReader, profile_from_policy
from harness.policy.source import POLICY_DIR, SOURCE_FILE, read_file
from harness.policy.text import lines_of
from harness.profile import AppProfile, PolicySource
from harness.session.target import SessionApp

_PAGE_SUFFIXES = (".txt", ".md", ".html", ".htm")


def with_lab_policy(
    app: SessionApp, profile_source: str, writer: BundleWriter
) -> tuple[AppProfile, str]:
    profile = app.profile
    if not isinstance(app, LabApp) or profile.policy is not None or profile.declared_categories:
        return profile, profile_source
    folder = app.folder / POLICY_DIR
    pages = (
        sorted(p for p in folder.glob("*") if p.suffix in _PAGE_SUFFIXES) if folder.is_dir() else []
    )
    if not pages:
        return profile, profile_source
    lines: list[str] = []
    recorded = []
    for page in pages:
        text = read_file(page).text
        page_lines = lines_of(text)
        lines.extend(page_lines)
        body = "\n".join(page_lines) + "\n"
        writer.add_file(f"{POLICY_DIR}/{page.stem}.txt", body.encode("utf-8"))
        recorded.append(
            {
                "page": f"{page.stem}.txt",
                "kind": "file",
                "location": f"lab/{app.name}/{POLICY_DIR}/{page.name}",
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            }
        )
    whole = "\n".join(lines)
    source = PolicySource(
        kind="file",
        location=f"lab/{app.name}/{POLICY_DIR}",
        sha256=hashlib.sha256(whole.encode("utf-8")).hexdigest(),
    )
    writer.add_json(f"{POLICY_DIR}/{SOURCE_FILE}", {"pages": recorded})
    policy = PolicyReader().read_lines(lines, source)
    return profile_from_policy(profile, policy), f"policy:{source.location}"
