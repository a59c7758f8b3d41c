"""Calling other people's systems: timeouts, retries with backoff, Retry-After, circuit breakers.

Everything here is the Python standard library. One `System` per vendor holds its base URL, its
client timeout, how many requests may be in flight at once, and a circuit breaker. A call either
returns a `Response` or raises:

- `Retryable`: the outcome is unknown or the system said "later" (network error, timeout, 408,
  429, 5xx, or the breaker is open). The caller's job is retried later with the SAME request
  (same external id / reference), so a write that did land is recognised by the vendor.
- `Refused`: the system answered a 4xx that a retry will not change.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import random
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str

    def json(self) -> Any:
        if not self.text:
            return {}
        return json.loads(self.text)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class Retryable(Exception):
    """Try again later; `retry_after` (seconds) is the least wait the system asked for."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None,
                 response: Response | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        self.response = response


class Later(Exception):
    """Not now, and nothing was sent: a client-side limit (SP-API pacing, the storefront's cost
    bucket) needs `seconds` more. A job that meets it waits that long without counting an attempt,
    instead of holding a worker while it waits."""

    def __init__(self, seconds: float):
        super().__init__(f"waiting {seconds:.2f} s for a client-side limit")
        self.seconds = seconds


class Refused(Exception):
    """A 4xx answer: the request itself is wrong (or already done: the caller decides)."""

    def __init__(self, message: str, status: int, response: Response):
        super().__init__(message)
        self.status = status
        self.response = response


def retry_after_seconds(value: str | None) -> float | None:
    """`Retry-After` as seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class CircuitBreaker:
    """Opens after `threshold` failures in a row; after `cool_off` seconds lets one probe through.

    While open, calls fail at once without touching the network: a system that is down is not
    hammered by every queued job at the same time.
    """

    def __init__(self, threshold: int = 5, cool_off: float = 2.0, enabled: bool = True):
        self.threshold = threshold
        self.cool_off = cool_off
        self.enabled = enabled
        self.failures = 0
        self.opened_at: float | None = None
        self.probing = False
        self.lock = threading.Lock()

    def allow(self) -> bool:
        if not self.enabled:
            return True
        with self.lock:
            if self.opened_at is None:
                return True
            if self.probing or time.time() - self.opened_at < self.cool_off:
                return False
            self.probing = True  # half-open: this one call decides
            return True

    def success(self) -> None:
        with self.lock:
            self.failures = 0
            self.opened_at = None
            self.probing = False

    def failure(self) -> None:
        with self.lock:
            self.failures += 1
            if self.probing or self.failures >= self.threshold:
                self.opened_at = time.time()
            self.probing = False


@dataclass
class System:
    """One vendor API: base URL, auth headers, client timeout, concurrency cap, breaker."""

    name: str
    base_url: str
    timeout: float | None = 10.0
    max_in_flight: int = 8
    breaker: CircuitBreaker = field(default_factory=CircuitBreaker)
    auth: Any = None  # callable(method, url) -> dict of headers

    def __post_init__(self) -> None:
        parsed = urllib.parse.urlsplit(self.base_url)
        self.host = parsed.hostname or "127.0.0.1"
        self.port = parsed.port or (443 if parsed.scheme == "https" else 80)
        self.https = parsed.scheme == "https"
        self.prefix = parsed.path.rstrip("/")
        self.slots = threading.BoundedSemaphore(self.max_in_flight)
        self.local = threading.local()  # one kept-alive connection per thread
        self.requests = 0

    def _connection(self) -> http.client.HTTPConnection:
        conn = getattr(self.local, "conn", None)
        # Servers close idle kept-alive connections (Node after 5 s): do not reuse an old one,
        # or the next request fails for no reason of its own.
        if conn is not None and time.time() - getattr(self.local, "used", 0.0) > 2.0:
            self._drop_connection()
            conn = None
        if conn is None:
            conn_cls = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
            conn = conn_cls(self.host, self.port, timeout=self.timeout)
            self.local.conn = conn
        self.local.used = time.time()
        return conn

    def _drop_connection(self) -> None:
        conn = getattr(self.local, "conn", None)
        self.local.conn = None
        if conn is not None:
            conn.close()

    def call(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
             raw_body: bytes | None = None) -> Response:
        """One attempt. Raises Retryable / Refused as described in the module docstring."""
        if not self.breaker.allow():
            raise Retryable(f"{self.name}: circuit open", retry_after=self.breaker.cool_off)
        url = self.base_url.rstrip("/") + path
        send_headers = {"accept": "application/json"}
        data = raw_body
        if body is not None:
            data = json.dumps(body).encode()
            send_headers["content-type"] = "application/json"
        if self.auth is not None:
            send_headers.update(self.auth(method, url))
        if headers:
            send_headers.update(headers)
        with self.slots:
            self.requests += 1
            conn = self._connection()
            try:
                conn.request(method, self.prefix + path, body=data, headers=send_headers)
                res = conn.getresponse()
                text = res.read().decode("utf-8", errors="replace")
                response = Response(res.status, {k.lower(): v for k, v in res.getheaders()}, text)
                if res.will_close:
                    self._drop_connection()
            except (OSError, http.client.HTTPException, socket.timeout) as err:
                # a timed-out or broken connection is never reused: its answer may still come
                self._drop_connection()
                self.breaker.failure()
                raise Retryable(f"{self.name} {method} {path}: {type(err).__name__} {err}") from err
        status = response.status
        if status < 400:
            self.breaker.success()
            return response
        wait = retry_after_seconds(response.header("retry-after") or response.header("x-retry-after"))
        if status in (408, 429) or status >= 500:
            # A 429 says "you are too fast", not "I am down": it does not trip the breaker.
            if status >= 500:
                self.breaker.failure()
            raise Retryable(f"{self.name} {method} {path}: HTTP {status} {response.text[:160]}",
                            status, wait, response)
        self.breaker.success()
        raise Refused(f"{self.name} {method} {path}: HTTP {status} {response.text[:300]}", status, response)


class Pace:
    """A client-side token bucket (SP-API usage plans): wait for a token before each call."""

    def __init__(self, rate: float, burst: float):
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.at = time.time()
        self.lock = threading.Lock()

    def learn(self, header: str | None) -> None:
        """SP-API answers with the operation's rate in `x-amzn-RateLimit-Limit`: pace to it."""
        try:
            rate = float(header) if header else 0.0
        except ValueError:
            return
        if rate > 0:
            with self.lock:
                self.rate = rate * 0.8  # a little under the server's rate: its bucket and ours drift

    def take(self, max_wait: float | None = None) -> None:
        """Wait for a token; raise Later when that would take more than `max_wait` seconds."""
        while True:
            with self.lock:
                now = time.time()
                self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
                self.at = now
                if self.tokens >= 1:
                    self.tokens -= 1
                    return
                wait = (1 - self.tokens) / self.rate
            if max_wait is not None and wait > max_wait:
                raise Later(wait)
            time.sleep(min(wait, 1.0))

    def drain(self) -> None:
        """A 429: the server's bucket is empty, whatever ours thinks."""
        with self.lock:
            self.tokens = 0
            self.at = time.time()


def backoff(attempt: int, retry_after: float | None, base: float = 0.2, cap: float = 10.0,
            honour_retry_after: bool = True) -> float:
    """Full-jitter exponential backoff, never shorter than the Retry-After the system asked for."""
    delay = random.uniform(0, min(cap, base * (2 ** min(attempt, 16))))
    if honour_retry_after and retry_after is not None:
        delay = max(delay, retry_after + 0.05)
    return delay
