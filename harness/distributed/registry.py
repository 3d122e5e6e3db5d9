"""Which devices the workers serve right now, kept in Redis beside the job ledger.

Each pool process serves one device and announces it: `harness:device:<host>/<device>`
holds the device's record and expires unless renewed, so a process (or a whole host) that
dies drops out within a few seconds without anyone cleaning up after it. The submitting
host reads the live records to tell, before sending anything, whether some worker can run
a job at all (an APK job with no phone served anywhere is reported *not runnable* at once,
as a suite without --broker does) and to name the hosts and phones in its messages.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

import redis

from harness.periodic import Periodic
from harness.suite.family import DeviceFamily

_PREFIX = "harness:device:"


def device_key(host: str, device: str) -> str:
    """A served device's name across the pool: the worker's name, then the device's."""
    return f"{host}/{device}"


@dataclass(frozen=True, slots=True)
class ServedDevice:
    host: str  # the worker's name, e.g. harness@lab-3
    device: str  # the device's name in that host's devices file
    family: DeviceFamily
    kind: str  # usb, tcp, emulator, host-lab
    serial: str = ""  # the adb serial ("" for a host-lab device)
    sdk: int = 0  # ro.build.version.sdk (0: not an Android device, or not read)
    abi: str = ""  # ro.product.cpu.abi

    @property
    def key(self) -> str:
        return device_key(self.host, self.device)

    def can_run(self, family: DeviceFamily, min_sdk: int) -> bool:
        """Whether an app of `family` needing Android `min_sdk` (0: any) installs here."""
        if family is not self.family:
            return False
        return not (min_sdk and self.sdk and self.sdk < min_sdk)

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"family": self.family.value}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ServedDevice:
        fields = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**fields | {"family": DeviceFamily(data["family"])})


class DeviceRegistry:
    def __init__(self, client: redis.Redis) -> None:
        self._redis = client

    @classmethod
    def from_url(cls, url: str) -> DeviceRegistry:
        return cls(redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=10))

    def announce(self, device: ServedDevice, ttl_s: float) -> None:
        self._redis.set(_PREFIX + device.key, json.dumps(device.to_json()), px=int(ttl_s * 1000))

    def withdraw(self, device: ServedDevice) -> None:
        self.withdraw_key(device.key)

    def withdraw_key(self, key: str) -> None:
        """Drops `host/device`'s record (a worker's main process clears what its pool
        processes announced: one ended by the stop signal never ran its own withdrawal)."""
        self._redis.delete(_PREFIX + key)

    def live(self) -> list[ServedDevice]:
        """Every device some live pool process serves, by host and name."""
        keys = sorted(self._redis.scan_iter(match=_PREFIX + "*", count=500))
        found = []
        for raw in self._redis.mget(keys) if keys else []:
            if raw is not None:  # expired between the scan and the read
                found.append(ServedDevice.from_json(json.loads(raw)))
        return found

    def keeping(self, device: ServedDevice, ttl_s: float) -> Announcer:
        return Announcer(self, device, ttl_s)


class Announcer(Periodic):
    """Keeps one device announced while a pool process lives (renewed every third of the
    record's life; a renewal lost to a Redis blip is made up by the next one)."""

    def __init__(self, registry: DeviceRegistry, device: ServedDevice, ttl_s: float) -> None:
        super().__init__(ttl_s / 3, "device-announcer")
        self._registry = registry
        self._device = device
        self._ttl_s = ttl_s

    def __enter__(self) -> Announcer:
        self.tick()  # announced before the first job can arrive, not a third of a TTL later
        super().__enter__()
        return self

    def tick(self) -> None:
        try:
            self._registry.announce(self._device, self._ttl_s)
        except redis.RedisError:
            return

    def finish(self) -> None:
        try:
            self._registry.withdraw(self._device)
        except redis.RedisError:
            return
