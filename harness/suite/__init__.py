"""Suites: apps x scenarios over a pool of devices, retried on infrastructure faults.

`spec` reads a suite file, `jobs` holds the records that cross threads and hosts, `retry`
decides what a fault means, `pool` picks the healthy devices, `board` hands jobs to device
threads (and gives up hung sessions), `session` runs one job on one device, `progress`
shows it all live, `record` writes attempts to the results index, `jvms` stops lab apps
that outlived their session, and `local` ties them together for `harness suite` on this
host (`harness.distributed` spreads the same jobs over many hosts).
"""
