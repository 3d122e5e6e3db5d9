"""A stateful iptables/ip6tables for the stand-in adb device: what the capture set-up asks.

Answers `-N/-A/-D/-F/-X/-S` per (program, table) with the messages and exit statuses of
iptables 1.8 (legacy, as Android ships it), keeping chains and OUTPUT rules, so that a test
sees what a device is left with. `owner_match=False` makes `-m owner` fail as on a kernel
without xt_owner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tests.android.adb_standin import Answer, StandinDevice

COMMAND = re.compile(
    r"(?P<prog>ip6?tables) -t (?P<table>nat|filter) (?P<verb>-[NAFXSD]) (?P<chain>\S+)"
    r"(?: (?P<rule>.*))?"
)
NO_CHAIN = "iptables: No chain/target/match by that name.\n"


@dataclass
class FakeIptables:
    owner_match: bool = True
    # (program, table) -> chain -> rules; OUTPUT always exists.
    chains: dict[tuple[str, str], dict[str, list[str]]] = field(default_factory=dict)

    def install(self, device: StandinDevice) -> None:
        device.patterns.insert(0, (COMMAND, self.answer))

    def table(self, prog: str, table: str) -> dict[str, list[str]]:
        return self.chains.setdefault((prog, table), {"OUTPUT": []})

    def answer(self, m: re.Match[str]) -> Answer:
        chains = self.table(m["prog"], m["table"])
        verb, chain, rule = m["verb"], m["chain"], m["rule"] or ""
        if verb == "-N":
            if chain in chains:
                return ("iptables: Chain already exists.\n", 1)
            chains[chain] = []
            return ("", 0)
        if chain not in chains:
            return (NO_CHAIN, 1)
        if verb == "-A":
            if "-m owner" in rule and not self.owner_match:
                return (
                    "iptables v1.8.7 (legacy): Couldn't load match `owner'"
                    ":No such file or directory\n",
                    2,
                )
            target = rule.rsplit("-j ", 1)[-1].split()[0]
            if target not in chains and target not in {"RETURN", "REDIRECT", "REJECT", "ACCEPT"}:
                return (NO_CHAIN, 1)
            chains[chain].append(rule)
            return ("", 0)
        if verb == "-D":
            if rule not in chains[chain]:
                return ("iptables: Bad rule (does a matching rule exist in that chain?).\n", 1)
            chains[chain].remove(rule)
            return ("", 0)
        if verb == "-F":
            chains[chain].clear()
            return ("", 0)
        if verb == "-X":
            if (
                any(r.endswith(f"-j {chain}") for rules in chains.values() for r in rules)
                or chains[chain]
            ):
                return (
                    f"iptables v1.8.7 (legacy): Couldn't delete chain `{chain}' "
                    "(Directory not empty)\n",
                    1,
                )
            del chains[chain]
            return ("", 0)
        # -S
        lines = [f"-P {chain} ACCEPT"] if chain == "OUTPUT" else [f"-N {chain}"]
        lines += [f"-A {chain} {r}" for r in chains[chain]]
        return ("\n".join(lines) + "\n", 0)

    def leftovers(self) -> dict[tuple[str, str], dict[str, list[str]]]:
        """Everything that is not an empty OUTPUT: what the harness left behind."""
        return {
            key: {c: rules for c, rules in chains.items() if c != "OUTPUT" or rules}
            for key, chains in self.chains.items()
            if any(c != "OUTPUT" or rules for c, rules in chains.items())
        }
