"""Suites over several lab hosts, carried by Celery with a Redis broker.

Why Celery + Redis: Celery already does what a lab queue needs and is hard to get right
alone — late acknowledgement (`acks_late`), redelivery of a job whose worker process died
(`reject_on_worker_lost` for a pool process, the Redis visibility timeout for a whole
host), retries with a delay, a result backend that streams task states (our live
progress) — and it is packaged everywhere. Redis is one small Debian package, easy to start
on loopback for tests, and also holds the job ledger below. RQ and Dramatiq were the
alternatives: RQ has no per-process redelivery of a killed job's message, and Dramatiq's
result and progress story is thinner; neither changes the design.

Each host runs `harness worker` with its own devices file (lab devices and attached phones):
one Celery worker per device family, consuming only that family's queue, with one pool
process per healthy device (process i serves device i), so a crash inside one session's
instrumentation takes down only that session. Each pool process announces its device in
Redis (registry.py) while it lives; the submitting host reads that to tell which jobs some
host can run at all. Bundles go to storage every host and the indexing host reach (the
worker's `--out`); the host that ran `harness suite --broker` indexes them.

Nothing lost, nothing twice: a job's message is acknowledged only after its session
ended; a lease in Redis (renewed while the session runs) keeps a redelivered copy from
running beside a live one; attempts are written to a ledger, so one a dead worker never
finished is known and counted; and a bundle is sealed (renamed from `.partial`) only by a
session that ran to its end, so a killed worker leaves at most a `.partial` folder. A session
that hangs past the job's limit cannot be stopped inside its process, so the process ends
itself and Celery requeues the job; the process that replaces it stops the hung app.

May import: harness.suite, harness.session, harness.results, harness.rules (the pack),
harness.agent, harness.android, harness.config, errors, paths, periodic; never
harness.commands.
"""
