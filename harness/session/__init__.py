"""One app, one device, one scenario: from spawn to a sealed evidence bundle.

May import: everything below it: the agent, the device layers (harness.android,
harness.hostlab), traffic, the rules, evidence, policy, scenario, profile, timeline, model;
never harness.suite, harness.results or harness.commands.
"""
