"""The Frida agent: its catalog, its build, and the parsing of its messages.

May import: harness.model, harness.errors, harness.paths, harness.yamlfile, and
harness.evidence.facts (time stamps); never the session, the rules or traffic.
"""
