"""Lab configuration: devices.yaml and its typed models."""

from harness.config.devices import DeviceConfig, DeviceKind, LabConfig, load_devices

__all__ = ["DeviceConfig", "DeviceKind", "LabConfig", "load_devices"]
