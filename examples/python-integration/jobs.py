"""An in-memory job queue: every unit of work is a job with a stable id, retried until it is done.

- A job id names the business effect (`salesOrder:<AmazonOrderId>`), so asking twice for the same
  effect — a webhook delivered twice, a poll that overlaps the one before — queues it once.
- A job's payload is fixed when it is queued. A retry sends the same request again, with the same
  external id or reference, so the vendor recognises a write that landed although its answer was
  lost.
- A failure that may pass (`Retryable`) is retried with full-jitter backoff that waits at least
  the Retry-After the system asked for. A refusal (`Refused`) goes to the dead letters, retried
  slowly (every `dead_letter_every` seconds): another job it depends on may still be on its way.

Kept in memory only: a target that restarts starts over from its polling cursors (good enough for
an example; a production integration keeps this in a database).
"""

from __future__ import annotations

import collections
import heapq
import itertools
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from resilience import Later, Refused, Retryable, backoff


class AlreadyDone(Exception):
    """The vendor says the effect already exists (a duplicate external id / reference)."""


class NotYet(Exception):
    """Something this job needs is not there yet (e.g. the sales order it fulfils)."""


@dataclass
class Job:
    id: str
    kind: str
    payload: dict[str, Any]
    attempt: int = 0
    due: float = 0.0
    last_error: str = ""
    dead: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class Jobs:
    def __init__(self, workers: int, policy: dict[str, Any], log: Callable[[str], None],
                 limits: dict[str, int] | None = None):
        self.handlers: dict[str, Callable[[Job], None]] = {}
        self.jobs: dict[str, Job] = {}
        self.done: set[str] = set()
        self.queue: list[tuple[float, int, str]] = []
        self.seq = itertools.count()
        self.cond = threading.Condition()
        self.policy = policy
        self.log = log
        self.running: set[str] = set()
        # At most this many jobs of a kind run at once (a slow or rationed system must not take
        # every worker): the rest wait, parked, for one of their kind to finish.
        self.limits = limits or {}
        self.running_kind: collections.Counter[str] = collections.Counter()
        self.parked: dict[str, collections.deque[str]] = collections.defaultdict(collections.deque)
        self.workers = [threading.Thread(target=self._work, daemon=True, name=f"job-{i}")
                        for i in range(workers)]

    def on(self, kind: str, handler: Callable[[Job], None]) -> None:
        self.handlers[kind] = handler

    def start(self) -> None:
        for w in self.workers:
            w.start()

    def add(self, job_id: str, kind: str, payload: dict[str, Any], delay: float = 0.0) -> bool:
        """Queue a job unless one with this id is queued or done. True if it was new."""
        with self.cond:
            if job_id in self.jobs or job_id in self.done:
                return False
            job = Job(job_id, kind, payload, due=time.time() + delay)
            self.jobs[job_id] = job
            heapq.heappush(self.queue, (job.due, next(self.seq), job_id))
            self.cond.notify()
            return True

    def pending(self, kind: str) -> int:
        with self.cond:
            return sum(1 for j in self.jobs.values() if j.kind == kind)

    def is_done(self, job_id: str) -> bool:
        with self.cond:
            return job_id in self.done

    def _next(self) -> Job:
        with self.cond:
            while True:
                now = time.time()
                if self.queue and self.queue[0][0] <= now:
                    _, _, job_id = heapq.heappop(self.queue)
                    job = self.jobs.get(job_id)
                    if job is None or job_id in self.running:
                        continue
                    limit = self.limits.get(job.kind)
                    if limit is not None and self.running_kind[job.kind] >= limit:
                        self.parked[job.kind].append(job_id)
                        continue
                    self.running.add(job_id)
                    self.running_kind[job.kind] += 1
                    return job
                wait = (self.queue[0][0] - now) if self.queue else 1.0
                self.cond.wait(min(max(wait, 0.005), 1.0))

    def _release(self, job: Job) -> None:
        """`job` stopped running (lock held): one parked job of its kind may go."""
        self.running.discard(job.id)
        self.running_kind[job.kind] -= 1
        parked = self.parked.get(job.kind)
        if parked:
            heapq.heappush(self.queue, (time.time(), next(self.seq), parked.popleft()))
            self.cond.notify()

    def _finish(self, job: Job) -> None:
        with self.cond:
            self._release(job)
            self.jobs.pop(job.id, None)
            self.done.add(job.id)

    def _again(self, job: Job, delay: float) -> None:
        with self.cond:
            self._release(job)
            job.due = time.time() + delay
            heapq.heappush(self.queue, (job.due, next(self.seq), job.id))
            self.cond.notify()

    def _work(self) -> None:
        while True:
            job = self._next()
            try:
                self.handlers[job.kind](job)
            except AlreadyDone:
                self._finish(job)
            except Later as err:
                self._again(job, err.seconds)
            except NotYet as err:
                job.attempt += 1
                job.last_error = str(err)
                self._again(job, backoff(job.attempt, None, base=0.5, cap=5.0))
            except Retryable as err:
                job.attempt += 1
                job.last_error = str(err)
                if self.policy.get("give_up_on_5xx") and err.status is not None and err.status >= 500:
                    self.log(f"job {job.id}: {err} (dropped: drop-on-5xx)")
                    self._finish(job)
                    continue
                if self.policy.get("no_backoff"):
                    delay = 0.0
                else:
                    delay = backoff(job.attempt, err.retry_after,
                                    honour_retry_after=not self.policy.get("ignore_retry_after"))
                self._again(job, delay)
            except Refused as err:
                job.attempt += 1
                job.last_error = str(err)
                if not job.dead:
                    self.log(f"job {job.id}: {err} (dead letter; retried every "
                             f"{self.policy.get('dead_letter_every', 5.0)} s)")
                job.dead = True
                self._again(job, float(self.policy.get("dead_letter_every", 5.0)))
            except Exception as err:  # a bug in a handler: keep the job, say so, try later
                job.attempt += 1
                job.last_error = repr(err)
                self.log(f"job {job.id}: unexpected {err!r}")
                self._again(job, 5.0)
            else:
                self._finish(job)


def log(message: str) -> None:
    print(f"[python-integration] {message}", file=sys.stderr, flush=True)
