"""The job ledger in Redis: who runs a job now (a lease), every attempt, and the result.

Keys, per job id `J`: `harness:job:J:lease` (the holder's token, expiring unless renewed),
`harness:job:J:attempts` (a hash: token -> attempt record, `state` started or finished),
`harness:job:J:done` (the final result, set once). All expire after `keep_s`.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import redis

from harness.periodic import Periodic

_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class JobLedger:
    def __init__(self, client: redis.Redis, keep_s: int = 14 * 86400) -> None:
        self._redis = client
        self._keep_s = keep_s
        self._renew = client.register_script(_RENEW)
        self._release = client.register_script(_RELEASE)

    @classmethod
    def from_url(cls, url: str) -> JobLedger:
        return cls(redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=10))

    @staticmethod
    def _key(job_id: str, what: str) -> str:
        return f"harness:job:{job_id}:{what}"

    # --- the lease ---

    def claim(self, job_id: str, token: str, lease_s: float) -> bool:
        return bool(
            self._redis.set(self._key(job_id, "lease"), token, nx=True, px=int(lease_s * 1000))
        )

    def renew(self, job_id: str, token: str, lease_s: float) -> bool:
        return bool(
            self._renew(keys=[self._key(job_id, "lease")], args=[token, int(lease_s * 1000)])
        )

    def release(self, job_id: str, token: str) -> None:
        self._release(keys=[self._key(job_id, "lease")], args=[token])

    def holding(self, job_id: str, token: str, lease_s: float) -> LeaseKeeper:
        return LeaseKeeper(self, job_id, token, lease_s)

    # --- attempts and the result ---

    def attempts(self, job_id: str) -> list[dict[str, Any]]:
        raw = self._redis.hvals(self._key(job_id, "attempts"))
        records = [json.loads(value) for value in raw]
        return sorted(records, key=lambda r: (r["number"], r["started"]))

    def write_attempt(self, job_id: str, token: str, record: dict[str, Any]) -> None:
        key = self._key(job_id, "attempts")
        pipe = self._redis.pipeline()
        pipe.hset(key, token, json.dumps(record))
        pipe.expire(key, self._keep_s)
        pipe.execute()

    def complete(self, job_id: str, result: dict[str, Any]) -> bool:
        """Record the job's result; False if another attempt recorded one first."""
        return bool(
            self._redis.set(self._key(job_id, "done"), json.dumps(result), nx=True, ex=self._keep_s)
        )

    def result(self, job_id: str) -> dict[str, Any] | None:
        raw = self._redis.get(self._key(job_id, "done"))
        return json.loads(raw) if raw is not None else None


class LeaseKeeper(Periodic):
    """Renews a lease every third of its length while a session runs, then releases it.

    If a renewal finds the lease gone (this process stalled longer than the lease), `lost`
    is set: another worker may be running the job, and the caller must not seal a result.
    """

    def __init__(self, ledger: JobLedger, job_id: str, token: str, lease_s: float) -> None:
        super().__init__(lease_s / 3, "lease-keeper")
        self._ledger = ledger
        self._job_id = job_id
        self._token = token
        self._lease_s = lease_s
        self.lost = threading.Event()

    def tick(self) -> None:
        try:
            if not self._ledger.renew(self._job_id, self._token, self._lease_s):
                self.lost.set()
        except redis.RedisError:
            return  # a blip: the next renewal may get through before the lease ends

    def finish(self) -> None:
        self._ledger.release(self._job_id, self._token)
