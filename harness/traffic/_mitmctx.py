"""A per-thread `mitmproxy.ctx`, so several masters can run in one process.

mitmproxy keeps the running master in a module global (`mitmproxy.ctx`) and the proxy
core reads it for every new connection, so two masters in one process would hand each
other's connections to the wrong addons (the recorder of one proxy would write the
other's flows). `isolate_mitmproxy_ctx` makes that module's attributes per thread;
since every master here lives on its own thread, each sees only itself. The patch is
installed once, is a no-op for a process with a single master, and keeps mitmproxy's
behaviour (last master set wins) for threads that never set one, such as a test using
`mitmproxy.test.taddons`. It relies on mitmproxy reading `ctx.master`/`ctx.options` at
call time, which holds for the pinned major version (11).
"""

from __future__ import annotations

import threading
import types
from typing import Any

from mitmproxy import ctx as mitmproxy_ctx

_CTX_NAMES = ("master", "options", "log")
_ctx_local = threading.local()
_ctx_last: dict[str, Any] = {}  # what mitmproxy's plain module global would hold
_ctx_patch_lock = threading.Lock()


def _ctx_attribute(name: str) -> property:
    def get(_module: types.ModuleType) -> Any:
        try:
            return getattr(_ctx_local, name)
        except AttributeError:
            try:
                return _ctx_last[name]
            except KeyError:
                raise AttributeError(f"mitmproxy.ctx has no {name} yet") from None

    def set_(_module: types.ModuleType, value: Any) -> None:
        setattr(_ctx_local, name, value)
        _ctx_last[name] = value

    return property(get, set_)


class _PerThreadCtx(types.ModuleType):
    master = _ctx_attribute("master")
    options = _ctx_attribute("options")
    log = _ctx_attribute("log")


def isolate_mitmproxy_ctx() -> None:
    with _ctx_patch_lock:
        if isinstance(mitmproxy_ctx, _PerThreadCtx):
            return
        for name in _CTX_NAMES:  # values set before the patch stay visible
            if name in mitmproxy_ctx.__dict__:
                _ctx_last[name] = mitmproxy_ctx.__dict__.pop(name)
        mitmproxy_ctx.__class__ = _PerThreadCtx
