"""The rule pack: pure functions from a timeline to findings.

May import: the model, the timeline, harness.profile, harness.necessity, harness.sdk,
harness.apk.permissions (and errors, paths, yamlfile): the rules are a leaf. They read each
flow's analysis from the timeline (harness.traffic.analysis made it) and never import
traffic, evidence, the host lab or the session.
"""
