"""Suites: apps x scenarios over a pool of devices, retried on infrastructure faults.

`spec` reads a suite file (lab apps and APKs), `jobs` holds the records that cross threads
and hosts, `family` says which devices run which apps (lab apps on host-lab devices, APKs
on Android devices), `retry` decides what a fault means, `pool` picks the healthy devices
(Android ones by `harness devices`' health checks, over the adb server `adblink` holds for
the run), `board` hands each device thread jobs of its family (ends the jobs no device can
run, and gives up hung sessions), `session` runs one job on one device, `progress` shows it
all live, `record` writes attempts to the results index, `jvms` stops lab apps that
outlived their session, and `local` ties them together for `harness suite` on this host
(`harness.distributed` spreads lab-app jobs over many hosts).

May import: harness.session, harness.results, harness.rules (the pack), the device layers,
agent, config, scenario, model, errors, paths, periodic, procstat, yamlfile; never
harness.commands or harness.distributed.
"""
