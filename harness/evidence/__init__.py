"""Evidence bundles: written aside, sealed with a manifest of hashes, verified later.

`bundle` writes one, `events` is the codec of its events.jsonl (writer, journal, re-scorer
and report share it), `judged` reads a bundle back into what the rules judge (`harness
score`), `contents` and `report/` read it for the reports, `verify` and `export` check it.

May import: the model, the timeline, harness.profile, harness.rules (the scoring record and
the pack's frame lists, to read back and report), harness.traffic (flows.mitm), harness.sdk,
harness.ui, atomicfile, errors, paths, yamlfile; never the session or the suite.
"""
