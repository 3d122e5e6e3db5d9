"""Lab configuration: devices.yaml and its typed models.

May import: harness.model, harness.errors, harness.yamlfile.
"""

from harness.config.devices import DeviceConfig, DeviceKind, LabConfig, load_devices

__all__ = ["DeviceConfig", "DeviceKind", "LabConfig", "load_devices"]
