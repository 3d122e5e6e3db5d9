"""Traffic: the app's HTTP(S) through a real mitmproxy, recorded as it happens.

    from harness.traffic.ca import jvm_proxy_properties, jvm_truststore
    from harness.traffic.flows import FLOWS_FILE, read_flows
    from harness.traffic.proxy import ProxyServer

    with ProxyServer(bundle_dir, mode=ProxyMode.SINKHOLE, on_flow=timeline.add) as proxy:
        args = jvm_proxy_properties(proxy.port, jvm_truststore())
        ...
    records = read_flows(bundle_dir / FLOWS_FILE)

Modules: `ca` (the interception CA, JVM truststore and proxy properties), `proxy` (the
in-process mitmproxy), `capture` (capture modes: mitmproxy's mode for each, what each cannot
see, the WireGuard client config), `flows` (mitmproxy flow -> FlowRecord, reading flows.mitm
back), `addons/` (the mitmproxy addons: sinkhole (HTTP and DNS), tunnelled (a transparent
connection's destination from SNI/Host), attribution, matching, recorder).

Personal data in traffic, as pure functions: `variants` (the forms an identifier travels
in) and `coordinates`, `places` (every place of a request to search, after `decompress`
and `jsonwalk`), `scanner` (the Aho-Corasick automaton) and `matcher` (IdentifierMatcher);
known values: `observed` (what hooked reads returned -> known values, per category) and
`placeholders` (constants such as 02:00:00:00:00:00 that are never known values);
receivers: `attribution` (first/third party, SDK; registrable domains by harness.domains);
`analysis`, the one analysis stage: each flow of a finished timeline matched and attributed
once (`analyse_timeline`), put on the timeline's flows for the rules, the bundle and the
report. `wssink` is the sinkhole's WebSocket peer and
`_mitmctx` lets several proxies share a process.

This face re-exports nothing: importing `harness.traffic.flows` (or any light module here)
must not start mitmproxy's import. Import from the module that owns a name.

May import: the model, the timeline, harness.profile, harness.sdk, harness.domains,
harness.config, errors, paths, yamlfile; never the rules, evidence or the session.
"""
