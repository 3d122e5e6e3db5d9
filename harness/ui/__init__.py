"""UI: the driver interface shared by Android (uiautomator2) and the host lab.

May import: harness.model, paths, yamlfile.
"""
