"""Permission settings changed on update (认定方法 三、5): the runtime-permission grants of an
app before and after its upgrade, compared.

A snapshot maps each runtime permission to its state: granted or not, and whether the user
decided it (Android's USER_SET / USER_FIXED flags; the host lab's remembered answers). An
upgrade may not change what the user decided: a permission the user granted or denied that
is in another state afterwards (or no longer marked as the user's choice: reset to the
default "ask") is a change; so is a permission granted after the upgrade that was not granted
before and that the user never granted (a silent grant).
The rule permissions-changed-on-update (harness.rules.update_rules) applies it to each
upgrade a scenario's `upgrade` step recorded; harness.android.upgrade takes the snapshots
on a phone, harness.hostlab.grants on the host lab.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from harness.model import GrantState

__all__ = ["ChangeKind", "GrantChange", "GrantSnapshot", "GrantState", "grant_changes"]


GrantSnapshot = Mapping[str, GrantState]  # runtime permission -> its state


class ChangeKind(enum.StrEnum):
    REVOKED = "revoked"  # the user granted it; after the upgrade it is not granted
    GRANTED = "granted"  # not granted before (denied or never asked); granted after, unasked
    RESET = "reset"  # same grant, but the user's decision was dropped (asks again)


@dataclass(frozen=True, slots=True)
class GrantChange:
    permission: str
    kind: ChangeKind
    before: GrantState | None  # None: the permission was not requested before
    after: GrantState | None  # None: no longer requested

    def to_json(self) -> dict[str, object]:
        return {
            "permission": self.permission,
            "kind": self.kind.value,
            "before": None if self.before is None else self.before.to_json(),
            "after": None if self.after is None else self.after.to_json(),
        }


def grant_changes(before: GrantSnapshot, after: GrantSnapshot) -> tuple[GrantChange, ...]:
    """What the upgrade changed of the user's permission settings, in permission order."""
    changes: list[GrantChange] = []
    for permission in sorted(set(before) | set(after)):
        old, new = before.get(permission), after.get(permission)
        if new is None:
            continue  # no longer requested: nothing can be collected through it
        if old is not None and old.user_set:
            if old.granted and not new.granted:
                changes.append(GrantChange(permission, ChangeKind.REVOKED, old, new))
            elif not old.granted and new.granted:
                changes.append(GrantChange(permission, ChangeKind.GRANTED, old, new))
            elif not new.user_set:
                changes.append(GrantChange(permission, ChangeKind.RESET, old, new))
        elif new.granted and not new.user_set and (old is None or not old.granted):
            changes.append(GrantChange(permission, ChangeKind.GRANTED, old, new))
    return tuple(changes)
