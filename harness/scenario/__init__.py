"""UI scenarios: YAML steps parsed into typed records and run over a UiDriver.

May import: harness.model, harness.ui, errors, yamlfile.
"""
