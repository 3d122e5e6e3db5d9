"""The hook catalog (hooks/catalog.yaml): which APIs to hook and what data each carries.

Three kinds of Java entry (`kind`): `read` (a personal-data read, a HookEvent with a data
category), `permission_request` (a runtime-permission request, a PermissionRequest record),
and `context` (APIs the reference lists as *extra*, such as carrier or network state: recorded
in the timeline as ContextEvents, never scored as personal data). Native entries hook libc
functions with Frida's Interceptor. A `classify` table decides per call which category (or
topic) a call carries, from an argument or from the receiver; a call it does not match is not
reported (Settings.Secure.getString is a generic reader; only some keys are personal).
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from harness.model import DataCategory
from harness.paths import DEFAULT_CATALOG
from harness.yamlfile import load_model

_Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.$-]+$")]
_Topic = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class EntryKind(enum.StrEnum):
    READ = "read"
    PERMISSION_REQUEST = "permission_request"
    CONTEXT = "context"


class Scope(enum.StrEnum):
    """Where the class lives: the framework (hooked at start) or an SDK in the app's own
    class loaders (hooked whenever a loader defines it, however late)."""

    FRAMEWORK = "framework"
    SDK = "sdk"


class ClassifyBy(enum.StrEnum):
    VALUE = "value"  # the value itself, matched against glob patterns ("persist.radio.imei*")
    AUTHORITY = "authority"  # a content:// URI's authority, compared exactly
    OTHER_PACKAGE = "other_package"  # reported only when the package is not the app's own


class Classify(BaseModel):
    """Which argument (or no-argument method of the receiver) decides, and how."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    arg: Annotated[int, Field(ge=0)] | None = None
    self_method: Annotated[str | None, Field(alias="self")] = None
    by: ClassifyBy
    map: dict[str, str] = Field(default_factory=dict)  # pattern -> category (or topic)

    @model_validator(mode="after")
    def _one_source(self) -> Classify:
        if (self.arg is None) == (self.self_method is None):
            raise ValueError("classify takes exactly one of `arg` (an index) or `self` (a method)")
        if self.by is ClassifyBy.OTHER_PACKAGE:
            if self.map:
                raise ValueError("classify by other_package takes no map")
        elif not self.map:
            raise ValueError(f"classify by {self.by.value} needs a map")
        return self

    def to_agent(self) -> dict[str, Any]:
        return {
            "arg": self.arg,
            "self": self.self_method,
            "by": self.by.value,
            "map": [[pattern, value] for pattern, value in self.map.items()],
        }


class CatalogEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: _Id
    class_name: Annotated[str, Field(alias="class", min_length=1)]
    method: Annotated[str, Field(min_length=1)]  # "$init" for constructors
    overloads: Literal["all"] | tuple[str, ...] = "all"
    kind: EntryKind = EntryKind.READ
    category: DataCategory | None = None  # kind read, unless classify decides
    topic: _Topic | None = None  # kind context, unless classify decides
    scope: Scope = Scope.FRAMEWORK
    classify: Classify | None = None
    permissions_arg: Annotated[int, Field(ge=0)] | None = None  # kind permission_request
    ret: Literal["text", "mac_bytes"] = "text"  # how to write the return value
    # Calls of one group nested in another's original call on the same thread are not
    # reported again (ActivityCompat.requestPermissions calls Activity.requestPermissions).
    group: _Topic | None = None

    @field_validator("overloads")
    @classmethod
    def _signatures(cls, value: Any) -> Any:
        if value != "all":
            for sig in value:
                if not (sig.startswith("(") and sig.endswith(")")):
                    raise ValueError(f"overload {sig!r} must look like '(int)' or '()'")
        return value

    @model_validator(mode="after")
    def _kind_fields(self) -> CatalogEntry:
        mapped = self.classify is not None and self.classify.by is not ClassifyBy.OTHER_PACKAGE
        if self.kind is EntryKind.READ:
            if self.topic is not None:
                raise ValueError("a read entry has a category, not a topic")
            if self.category is None and not mapped:
                raise ValueError("a read entry needs a category (or a classify map)")
            if self.classify is not None:
                for value in self.classify.map.values():
                    DataCategory(value)  # raises ValueError naming the value
        elif self.kind is EntryKind.CONTEXT:
            if self.category is not None:
                raise ValueError("a context entry has a topic, not a category")
            if self.topic is None and not mapped:
                raise ValueError("a context entry needs a topic (or a classify map)")
        elif self.permissions_arg is None:
            raise ValueError("a permission_request entry needs permissions_arg")
        return self

    @property
    def api(self) -> str:
        method = "<init>" if self.method == "$init" else self.method
        return f"{self.class_name}.{method}"

    def to_agent(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "class": self.class_name,
            "method": self.method,
            "overloads": self.overloads if self.overloads == "all" else list(self.overloads),
            "kind": self.kind.value,
            "label": (self.category.value if self.category else self.topic) or "",
            "scope": self.scope.value,
            "classify": self.classify.to_agent() if self.classify else None,
            "permissions_arg": self.permissions_arg,
            "ret": self.ret,
            "group": self.group,
        }


class NativeRole(enum.StrEnum):
    PATH = "path"  # open/openat/fopen: the path decides
    PROPERTY = "property"  # __system_property_get/find: the key decides, the value is read


class NativeEntry(BaseModel):
    """libc functions hooked with Interceptor; every name that exists is hooked once."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: _Id
    functions: Annotated[tuple[str, ...], Field(min_length=1)]
    role: NativeRole
    arg: Annotated[int, Field(ge=0)]  # where the path or the property key is
    value_arg: Annotated[int, Field(ge=0)] | None = None  # property: the value buffer
    map: Annotated[dict[str, DataCategory], Field(min_length=1)]  # glob -> category
    group: _Topic | None = None

    def to_agent(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "functions": list(self.functions),
            "role": self.role.value,
            "arg": self.arg,
            "value_arg": self.value_arg,
            "map": [[pattern, category.value] for pattern, category in self.map.items()],
            "group": self.group,
        }


class AgentLimits(BaseModel):
    """How much the agent keeps and how often it delivers; data, so a lab can tune it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_frames: Annotated[int, Field(ge=1, le=256)] = 32
    max_value_chars: Annotated[int, Field(ge=16)] = 512
    flush_interval_ms: Annotated[int, Field(ge=1)] = 50
    max_batch: Annotated[int, Field(ge=1)] = 1000


class Catalog(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    agent: AgentLimits = AgentLimits()
    # Frames of the platform and the lab runtime: a stack's first frame outside these is the
    # caller a person looks for (bundle stacks.json marks it).
    framework_frames: tuple[str, ...] = ()
    entries: Annotated[tuple[CatalogEntry, ...], Field(min_length=1)]
    native: tuple[NativeEntry, ...] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> Catalog:
        seen: set[str] = set()
        for entry_id in self.ids():
            if entry_id in seen:
                raise ValueError(f"entry id '{entry_id}' is used twice")
            seen.add(entry_id)
        return self

    def by_id(self) -> dict[str, CatalogEntry]:
        return {e.id: e for e in self.entries}

    def ids(self) -> list[str]:
        return [e.id for e in self.entries] + [n.id for n in self.native]

    def only(self, ids: set[str]) -> Catalog:
        """The same catalog restricted to some entries (benchmarks, focused tests)."""
        return self.model_copy(
            update={
                "entries": tuple(e for e in self.entries if e.id in ids),
                "native": tuple(n for n in self.native if n.id in ids),
            }
        )


def load_catalog(path: Path = DEFAULT_CATALOG) -> Catalog:
    return load_model(path, Catalog)
