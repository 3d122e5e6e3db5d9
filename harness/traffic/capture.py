"""Capture modes: how the app's traffic reaches mitmproxy, and what each mode cannot see.

`proxy` is mitmproxy's regular mode (the device's proxy setting points at it). `transparent`
is mitmproxy's transparent mode: something below the app (iptables REDIRECT) sends its TCP
there and mitmproxy reads the original destination from the socket (SO_ORIGINAL_DST); a
DNS listener answers lookups where there is no resolver (the host lab's private network
namespace). `wireguard` is mitmproxy's WireGuard server: the phone's WireGuard app tunnels
the app to it. The blind spots come from data (harness/data/capture-modes.yaml) and go
into the bundle so that a reader knows what no finding could be about.

Known gaps: transparent mode records TCP only (UDP redirects other than DNS are not made);
the WireGuard client config names the lab host by its first local address, which may not be
the one the phone reaches.
"""

from __future__ import annotations

import functools
import json
import socket
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import mitmproxy_rs  # mitmproxy's Rust half: WireGuard public keys
from pydantic import BaseModel, ConfigDict

from harness.config.devices import CaptureMode
from harness.errors import InputError
from harness.yamlfile import load_model

CAPTURE_MODES_FILE = "capture-modes.yaml"
# The client's address inside the tunnel and the resolver mitmproxy answers there.
WIREGUARD_CLIENT_ADDRESS = "10.0.0.1/32"
WIREGUARD_DNS = "10.0.0.53"


class _ModeText(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    how: str
    needs: str
    blind_spots: tuple[str, ...]


class _ModesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    modes: dict[CaptureMode, _ModeText]


@dataclass(frozen=True, slots=True)
class CaptureFacts:
    """What the bundle records about capture: the mode, how it worked, what it missed."""

    mode: CaptureMode
    how: str
    needs: str
    blind_spots: tuple[str, ...]
    detail: tuple[str, ...] = ()  # this session's specifics (ports, rules, config file)

    def with_detail(self, *detail: str) -> CaptureFacts:
        return CaptureFacts(self.mode, self.how, self.needs, self.blind_spots, self.detail + detail)

    def to_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode.value,
            "how": self.how,
            "needs": self.needs,
            "blind_spots": list(self.blind_spots),
            "detail": list(self.detail),
        }


@functools.cache
def _modes(path: Path | None = None) -> _ModesFile:
    if path is None:
        with resources.as_file(resources.files("harness.data") / CAPTURE_MODES_FILE) as p:
            loaded = load_model(p, _ModesFile)
    else:
        loaded = load_model(path, _ModesFile)
    missing = [m.value for m in CaptureMode if m not in loaded.modes]
    if missing:
        raise InputError(path, f"capture modes without a description: {', '.join(missing)}")
    return loaded


def capture_facts(mode: CaptureMode, path: Path | None = None) -> CaptureFacts:
    """The data file's description of `mode` (the bundle's `capture` block)."""
    text = _modes(path).modes[mode]
    return CaptureFacts(mode, text.how, text.needs, text.blind_spots)


def mitmproxy_modes(
    mode: CaptureMode, *, dns_port: int | None, wireguard_conf: Path | None
) -> list[str]:
    """mitmproxy's `mode` option for a capture mode. The first entry is the one whose port
    the session reports; `dns_port` adds a DNS listener there (reported second)."""
    match mode:
        case CaptureMode.PROXY:
            modes = ["regular"]
        case CaptureMode.TRANSPARENT:
            modes = ["transparent"]
        case CaptureMode.WIREGUARD:
            if wireguard_conf is None:
                raise ValueError("wireguard capture needs the key file's path")
            modes = [f"wireguard:{wireguard_conf}"]
    if dns_port is not None:
        modes.append(f"dns@{dns_port}")
    return modes


def free_port(host: str) -> int:
    """A port free for both TCP and UDP on `host` now. mitmproxy refuses two modes on the
    same port, even 0, so the DNS listener's port is chosen here; the moment between this
    and mitmproxy's bind is the only window for a clash, which then fails the start."""
    for _ in range(20):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind((host, 0))
            port = int(udp.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind((host, port))
                except OSError:
                    continue
                return port
    raise OSError(f"no port free for both TCP and UDP on {host}")


def wireguard_client_config_for(keys: Path, endpoint: str, package: str | None) -> str:
    """The client config for mitmproxy's key file `keys` (JSON: server_key, client_key)."""
    try:
        pair = json.loads(keys.read_text(encoding="utf-8"))
        server_public = mitmproxy_rs.wireguard.pubkey(pair["server_key"])
        client_private = str(pair["client_key"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(keys, f"not a mitmproxy WireGuard key file: {exc}") from None
    return wireguard_client_config(
        client_private_key=client_private,
        server_public_key=server_public,
        endpoint=endpoint,
        package=package,
    )


def wireguard_client_config(
    *, client_private_key: str, server_public_key: str, endpoint: str, package: str | None
) -> str:
    """The config file the phone's WireGuard app imports (wg-quick format).

    `IncludedApplications` (a WireGuard-for-Android key) tunnels the app under test only, so
    the rest of the phone keeps its own network and stays out of the evidence.
    """
    lines = [
        "[Interface]",
        f"PrivateKey = {client_private_key}",
        f"Address = {WIREGUARD_CLIENT_ADDRESS}",
        f"DNS = {WIREGUARD_DNS}",
    ]
    if package is not None:
        lines.append(f"IncludedApplications = {package}")
    lines += [
        "",
        "[Peer]",
        f"PublicKey = {server_public_key}",
        "AllowedIPs = 0.0.0.0/0",
        f"Endpoint = {endpoint}",
        "",
    ]
    return "\n".join(lines)
