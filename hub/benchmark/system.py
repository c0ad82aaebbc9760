"""The machine and the broker around the bench: an isolated RabbitMQ vhost, queue clean-up between runs, and
CPU and memory of processes read from /proc (the broker's and the delivery workers', which getrusage only sees
once they have exited)."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

import pika.exceptions

from hub.broker.admin import queue_stats
from hub.broker.connection import connect

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class BenchError(Exception):
    """The bench cannot run (no rabbitmqctl, broker unreachable, a run that never completes)."""


def _rabbitmqctl(*args: str) -> str:
    ctl = shutil.which("rabbitmqctl") or "/usr/sbin/rabbitmqctl"
    if not os.path.exists(ctl):
        raise BenchError("rabbitmqctl not found: the bench makes and deletes a vhost of its own with it")
    done = subprocess.run([ctl, *args], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise BenchError(f"rabbitmqctl {' '.join(args)} failed ({done.returncode}): {done.stderr or done.stdout}")
    return done.stdout


def with_vhost(url: str, vhost: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + quote(vhost, safe=""), parts.query, parts.fragment))


@contextlib.contextmanager
def isolated_vhost(base_url: str) -> Iterator[tuple[str, str]]:
    """A new vhost on the broker of ``base_url`` (guest may use it), as (vhost, AMQP URL); deleted afterwards with
    everything in it."""
    vhost = f"icjs-bench-{uuid.uuid4().hex[:12]}"
    _rabbitmqctl("add_vhost", vhost)
    try:
        user = urlsplit(base_url).username or "guest"
        _rabbitmqctl("set_permissions", "-p", vhost, user, ".*", ".*", ".*")
        yield vhost, with_vhost(base_url, vhost)
    finally:
        _rabbitmqctl("delete_vhost", vhost)


def broker_version() -> str:
    with contextlib.suppress(Exception):
        for line in _rabbitmqctl("version").splitlines():
            if line.strip():
                return line.strip()
    return "?"


def delete_queues(url: str, queues: list[str]) -> None:
    connection = connect(url)
    try:
        for queue in queues:
            channel = connection.channel()
            with contextlib.suppress(pika.exceptions.ChannelClosedByBroker):
                channel.queue_delete(queue)
            if channel.is_open:
                channel.close()
    finally:
        with contextlib.suppress(pika.exceptions.AMQPError):
            connection.close()


def wait_for_consumers(
    url: str, queues: list[str], consumers: int, timeout_s: float, alive: Callable[[], bool]
) -> None:
    """Until each queue has ``consumers`` consumers; BenchError if that takes longer than ``timeout_s`` or
    ``alive()`` turns false (a worker process died)."""
    deadline = time.monotonic() + timeout_s
    while True:
        stats = {name: count for name, _, count in queue_stats(url, queues)}
        if all(stats.get(q, 0) >= consumers for q in queues):
            return
        if not alive():
            raise BenchError("a delivery worker process exited before it started consuming")
        if time.monotonic() > deadline:
            raise BenchError(f"delivery workers not consuming after {timeout_s:g} s: {stats}")
        time.sleep(0.1)


# --- /proc ---


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a live process (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def rss_mb(pid: int) -> float:
    """Resident set size of a live process, MB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def broker_pids() -> list[int]:
    """RabbitMQ's Erlang VM on this machine (beam.smp), when it runs here."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError), open(f"/proc/{entry}/comm", encoding="ascii") as handle:
                if handle.read().strip() == "beam.smp":
                    found.append(int(entry))
    return found


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) CPU jiffies of the whole machine so far."""
    with open("/proc/stat", encoding="ascii") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


@dataclass(frozen=True)
class CpuMark:
    """Where the CPU counters stood at one moment."""

    wall: float
    self_s: float
    children_s: float
    broker_s: float
    busy: int
    total: int

    @classmethod
    def now(cls, broker: list[int]) -> CpuMark:
        me = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        busy, total = machine_jiffies()
        return cls(
            time.monotonic(),
            me.ru_utime + me.ru_stime,
            kids.ru_utime + kids.ru_stime,
            sum(cpu_seconds(pid) for pid in broker),
            busy,
            total,
        )


@dataclass(frozen=True)
class CpuUse:
    wall_s: float
    self_s: float  # this (coordinating) process, getrusage(RUSAGE_SELF)
    children_s: float  # exited children (ingest process, delivery workers), getrusage(RUSAGE_CHILDREN)
    broker_s: float
    machine_busy_pct: float  # of all CPUs

    @classmethod
    def between(cls, start: CpuMark, end: CpuMark) -> CpuUse:
        total = end.total - start.total
        return cls(
            end.wall - start.wall,
            end.self_s - start.self_s,
            end.children_s - start.children_s,
            end.broker_s - start.broker_s,
            100.0 * (end.busy - start.busy) / total if total else 0.0,
        )
