"""The hook catalog as data: it validates, it covers the reference, mistakes name their line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness.agent.catalog import Catalog, ClassifyBy, EntryKind, load_catalog
from harness.errors import InputError
from harness.model import DataCategory
from tests.conftest import REPO_ROOT

# The project's own reference table of hooked privacy APIs (vendored, see NOTICE).
REFERENCE = REPO_ROOT / "docs" / "reference" / "privacy-apis.md"

# Rows of the reference table whose class or method cell is prose, transcribed by hand.
IRREGULAR_ROWS = {
    "android.os.SystemProperties (hidden)": [("android.os.SystemProperties", "get")],
    "java.net.InetAddress, Inet4Address, Inet6Address, InetSocketAddress": [
        # InetAddress's own getHostAddress/getAddress are overridden by both subclasses
        ("java.net.InetAddress", "getHostName"),
        ("java.net.Inet4Address", "getHostAddress"),
        ("java.net.Inet4Address", "getAddress"),
        ("java.net.Inet6Address", "getHostAddress"),
        ("java.net.Inet6Address", "getAddress"),
        ("java.net.InetSocketAddress", "getHostName"),
        ("java.net.InetSocketAddress", "getAddress"),
    ],
    "android.net.NetworkInfo / ConnectivityManager": [
        *[
            ("android.net.NetworkInfo", m)
            for m in ("getType", "getTypeName", "getExtraInfo", "isAvailable", "isConnected")
        ],
        ("android.net.ConnectivityManager", "getActiveNetworkInfo"),
    ],
    "android.app.ApplicationPackageManager (PackageManager)": [
        ("android.app.ApplicationPackageManager", "getInstalledPackages"),
        ("android.app.ApplicationPackageManager", "getInstalledApplications"),
    ],
    "androidx.core.app.ActivityCompat / android.support.v4.app.ActivityCompat": [
        ("androidx.core.app.ActivityCompat", "requestPermissions"),
        ("android.support.v4.app.ActivityCompat", "requestPermissions"),
    ],
    "java.io.RandomAccessFile `<init>`, java.io.File mkdir/mkdirs": [
        ("java.io.RandomAccessFile", "$init"),
        ("java.io.File", "mkdir"),
        ("java.io.File", "mkdirs"),
    ],
}


# The reference's own rule: hook the concrete class (its PackageManager rows run there).
CONCRETE = {"android.content.pm.PackageManager": "android.app.ApplicationPackageManager"}


def reference_apis() -> list[tuple[str, str]]:
    table = REFERENCE.read_text("utf-8").split("## Table", 1)[1].split("###", 1)[0]
    apis: list[tuple[str, str]] = []
    for line in table.splitlines():
        if not line.startswith("| ") or line.startswith(("| Java class", "|---")):
            continue
        cls, methods = (c.strip() for c in line.strip("|").split("|")[:2])
        if cls in IRREGULAR_ROWS:
            apis += IRREGULAR_ROWS[cls]
            continue
        assert re.fullmatch(r"[\w.$]+", cls), f"transcribe this row by hand: {line}"
        apis += [(CONCRETE.get(cls, cls), m.strip()) for m in re.split(r" / |, ", methods)]
    return apis


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_every_api_of_the_reference_table_is_hooked(catalog: Catalog) -> None:
    hooked = {(e.class_name, e.method) for e in catalog.entries}
    apis = reference_apis()
    assert len(apis) > 100  # the parse found the table
    assert sorted(set(apis) - hooked) == []


def test_every_data_category_has_a_hook(catalog: Catalog) -> None:
    seen: set[str] = set()
    for entry in catalog.entries:
        if entry.kind is EntryKind.READ:
            if entry.category is not None:
                seen.add(entry.category.value)
            if entry.classify is not None:
                seen |= set(entry.classify.map.values())
    for native in catalog.native:
        seen |= {c.value for c in native.map.values()}
    assert sorted({c.value for c in DataCategory} - seen) == []


def test_generic_readers_are_classified_not_reported_wholesale(catalog: Catalog) -> None:
    entries = catalog.by_id()
    secure = entries["settings.secure.getString"].classify
    assert secure is not None and secure.by is ClassifyBy.VALUE
    assert secure.map["android_id"] == "android_id" and "font_scale" not in secure.map
    query = entries["content.query"].classify
    assert query is not None and query.by is ClassifyBy.AUTHORITY
    authorities = ("com.android.contacts", "call_log", "sms", "com.android.calendar", "media")
    assert [query.map[a] for a in authorities] == [
        "contacts",
        "call_log",
        "sms",
        "calendar",
        "media",
    ]


def test_one_class_is_hooked_in_one_scope(catalog: Catalog) -> None:
    scopes: dict[str, set[str]] = {}
    for entry in catalog.entries:
        scopes.setdefault(entry.class_name, set()).add(entry.scope.value)
    assert {c: s for c, s in scopes.items() if len(s) > 1} == {}


@pytest.mark.parametrize(
    ("entry", "fragment"),
    [
        ("{id: a, class: x.Y, method: m}", "needs a category"),
        ("{id: a, class: x.Y, method: m, category: location, topic: carrier}", "not a topic"),
        ("{id: a, class: x.Y, method: m, kind: permission_request}", "permissions_arg"),
        ("{id: a, class: x.Y, method: m, category: nope}", "category"),
        ("{id: a, class: x.Y, method: m, classify: {arg: 0, by: value, map: {k: nope}}}", "nope"),
        (
            "{id: a, class: x.Y, method: m, category: sms,"
            " classify: {arg: 0, self: f, by: value, map: {k: sms}}}",
            "exactly one",
        ),
        ("{id: a, class: x.Y, method: m, category: sms, overloads: [int]}", "must look like"),
    ],
)
def test_a_bad_entry_is_an_input_error_naming_its_line(
    tmp_path: Path, entry: str, fragment: str
) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(
        "version: 2\nentries:\n  - {id: ok, class: a.B, method: m, category: sms}\n"
        f"  - {entry}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_catalog(path)
    assert caught.value.line == 4 and fragment in str(caught.value)


def test_an_entry_id_used_twice_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    entry = "  - {id: twice, class: a.B, method: m, category: sms}\n"
    path.write_text(f"version: 2\nentries:\n{entry}{entry}", encoding="utf-8")
    with pytest.raises(InputError, match="used twice"):
        load_catalog(path)


def test_only_keeps_the_named_entries_in_the_agent_config(catalog: Catalog) -> None:
    small = catalog.only({"telephony.getDeviceId", "native.fopen"})
    assert small.ids() == ["telephony.getDeviceId", "native.fopen"]
    config = small.entries[0].to_agent()
    assert (
        config["class"] == "android.telephony.TelephonyManager" and config["label"] == "device_id"
    )
