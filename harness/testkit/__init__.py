"""Test kit: what the harness's own tests and benchmarks share, shipped inside the package
(as mitmproxy ships `mitmproxy.test`) so benchmarks never import from `tests/`.

- `records`: small builders of typed timeline records (hook events, markers, flows).
- `bundles`: real sealed evidence bundles and the suite attempts that name them.
- `lab`: lab apps run as plain JVM processes (no Frida, no proxy) for UI-level work.

May import anything in `harness`; nothing in `harness` outside this package imports it.
Nothing here imports pytest: a kit function raises or returns, the caller asserts.
"""
