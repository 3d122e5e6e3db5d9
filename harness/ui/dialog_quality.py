"""Judging a first-run consent dialog: ticked by default, no way to refuse, no policy shown.

What: given a screen and the consent dialog harness.ui.consent found on it, the defects the
MIIT notices and the 认定方法 name for the dialog itself:
- `preticked`: the "I have read and agree" box was ticked before anyone touched it (a
  checked CheckBox / Switch / CompoundButton, or a tick image reporting checked=true);
- `no_refuse`: the dialog offers only acknowledging buttons (我知道了 / 好的 / 同意 / OK / Got
  it): no refuse button, no "manage options" that leads to a refusal, no close mark;
- `no_policy`: nothing in the dialog names the privacy policy (a 《隐私政策》 link, "Privacy
  Policy") and no long text in it is the policy itself. A dialog naming only the user
  agreement or the terms of service has this defect: they are not the privacy policy.
How: the words come from data/dialog-quality.yaml (and consent.yaml through the detector);
the dialog's nodes are those inside its bounds, across windows (a dialog's own window).
Known gaps: a policy link drawn as a span inside one long TextView is found only by its
words; a refusal hidden behind a "more" menu is not seen (no such button: no_refuse).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from harness.paths import PACKAGE_DATA
from harness.ui.consent import ConsentDialog, id_words
from harness.ui.hierarchy import Bounds, Hierarchy, Node
from harness.ui.wording import mentions, norm
from harness.yamlfile import load_model


class DialogWords(BaseModel):
    """data/dialog-quality.yaml: the wordings of policies, close marks and pop-ups."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    privacy_policy_words: tuple[str, ...]
    policy_link_words: tuple[str, ...]
    policy_body_words: tuple[str, ...]
    policy_body_min_chars: int = Field(gt=0)
    policy_page_min_chars: int = Field(gt=0)
    close_words: tuple[str, ...]
    close_id_hints: tuple[str, ...]
    corner_max_px: int = Field(gt=0)
    corner_share: float = Field(gt=0, le=0.5)
    popup_id_hints: tuple[str, ...]
    popup_class_hints: tuple[str, ...]
    popup_max_share: float = Field(gt=0, le=1)
    popup_min_share: float = Field(ge=0, lt=1)
    policy_path_words: tuple[str, ...]
    back_words: tuple[str, ...]


@functools.cache
def load_dialog_words(path: Path = PACKAGE_DATA / "dialog-quality.yaml") -> DialogWords:
    return load_model(path, DialogWords)


@dataclass(frozen=True, slots=True)
class DialogDefects:
    """What is wrong with one consent dialog (all False: nothing found wrong)."""

    preticked: bool
    no_refuse: bool
    no_policy: bool
    buttons: tuple[str, ...]  # the labels of the dialog's buttons, as shown
    policy_named: str = ""  # the text naming the policy, when one does

    def any(self) -> bool:
        return self.preticked or self.no_refuse or self.no_policy

    def to_json(self) -> dict[str, Any]:
        return {
            "preticked": self.preticked,
            "no_refuse": self.no_refuse,
            "no_policy": self.no_policy,
            "buttons": list(self.buttons),
            "policy_named": self.policy_named,
        }


def _inside(bounds: Bounds, outer: Bounds) -> bool:
    return (
        bounds.area > 0
        and bounds.left >= outer.left
        and bounds.top >= outer.top
        and bounds.right <= outer.right
        and bounds.bottom <= outer.bottom
    )


def nodes_within(hierarchy: Hierarchy, outer: Bounds, package: str) -> list[Node]:
    return [n for n in hierarchy.walk() if n.package == package and _inside(n.bounds, outer)]


def names_policy(label: str, words: DialogWords) -> bool:
    """A label naming the privacy policy: its words, or a 《…》 title holding 隐私 / 个人信息."""
    if mentions(label, words.privacy_policy_words):
        return True
    titles = [part.split("》", 1)[0] for part in label.split("《")[1:]]
    return any("隐私" in t or "个人信息" in t for t in titles)


def _policy_shown(nodes: list[Node], words: DialogWords) -> str:
    for node in nodes:
        if node.label and names_policy(node.label, words):
            return node.label
    for node in nodes:
        if node.label and mentions(node.label, words.policy_link_words, short_only=True):
            return node.label
    body = "".join(norm(n.label) for n in nodes if n.label)
    if len(body) >= words.policy_body_min_chars and mentions(body, words.policy_body_words):
        return body[:60]
    return ""


def has_close_mark(nodes: list[Node], words: DialogWords) -> bool:
    """A clickable control labelled or named as closing (关闭, ×, iv_close...)."""
    hints = set(words.close_id_hints)
    for node in nodes:
        if not (node.clickable and node.enabled):
            continue
        if node.label and mentions(node.label, words.close_words, short_only=True):
            return True
        if id_words(node.resource_id) & hints:
            return True
    return False


def assess_dialog(
    hierarchy: Hierarchy, dialog: ConsentDialog, words: DialogWords | None = None
) -> DialogDefects:
    words = words or load_dialog_words()
    nodes = nodes_within(hierarchy, dialog.bounds, dialog.package)
    # A "manage options" button leads to per-purpose refusals; a close mark (×, 关闭) refuses
    # too, but not the accept button itself (我知道了 / Got it close pop-ups, and accept here).
    refusable = dialog.refuse is not None or dialog.manage is not None
    accept = dialog.accept.bounds if dialog.accept else None
    others = [n for n in nodes if n.bounds != accept]
    refusable = refusable or has_close_mark(others, words)
    named = _policy_shown(nodes, words)
    return DialogDefects(
        preticked=dialog.preticked,
        no_refuse=not refusable,
        no_policy=not named,
        buttons=tuple(b.label for b in dialog.buttons()),
        policy_named=named,
    )
