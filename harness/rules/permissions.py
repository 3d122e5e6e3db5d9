"""Runtime permissions as the rules compare them: by permission group, as Android asks.

A request names permissions (`android.permission.ACCESS_FINE_LOCATION`); a dialog names its
group (`android.permission-group.LOCATION`) or just shows text. Android shows one dialog per
group and a denial covers the group, so the rules compare groups: `location`, `phone`, ...
(the `group` column of harness/apk/permissions.yaml). Each group's data category, for the
findings, is in the rule pack (`permission_groups`).
"""

from __future__ import annotations

from collections.abc import Mapping

from harness.apk.permissions import PermissionTable
from harness.model import DataCategory

_GROUP_PREFIX = "android.permission-group."


class PermissionGroups:
    def __init__(self, table: PermissionTable, categories: Mapping[str, DataCategory]) -> None:
        self._table = table
        self._categories = dict(categories)

    def group_of(self, permission: str) -> str:
        """`android.permission.READ_PHONE_STATE` -> `phone`; a group name -> its key."""
        text = permission.strip()
        if text.startswith(_GROUP_PREFIX):
            return text.removeprefix(_GROUP_PREFIX).lower()
        entry = self._table.get(text)
        if entry is not None:
            return entry.group
        return text.lower()

    def category_of(self, group: str) -> DataCategory | None:
        return self._categories.get(group)
