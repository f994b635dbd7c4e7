"""Getting a Dask client: a cluster of local worker processes, or one already running.

    with cluster_client(workers=2) as client:             # LocalCluster on 127.0.0.1
        ...
    with cluster_client(scheduler="tcp://10.0.0.5:8786") as client:   # `dask scheduler`
        ...

A local cluster has `workers` processes of one thread each (spaCy holds the GIL while it
parses: threads would not run in parallel), listens on 127.0.0.1 only and has no
dashboard; it is closed when the block ends. A cluster reached at an address is left
running.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sword.errors import ClusterError, Errors

if TYPE_CHECKING:
    from distributed import Client

CONNECT_TIMEOUT = "10s"
# A local cluster's scheduler, nannies and workers share the cores that code: their event
# loops time themselves every second (not every 20 ms), read the machine's counters every
# 2 s and the workers' memory every second (not every 0.1 s). Measured, coding a corpus
# on two workers: the driver's event loop 3.4 → 1.3 s of CPU, the workers 2.4 s less.
QUIET = {
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}


@contextmanager
def cluster_client(workers: int | None = None, scheduler: str | None = None,
                   ) -> Iterator[Client | None]:
    """A client for `workers` local processes or the scheduler at `scheduler`; None when
    neither is given (the serial path)."""
    if workers and scheduler:
        raise ClusterError(Errors.E153)
    if scheduler:
        with _remote(scheduler) as client:
            yield client
    elif workers:
        with _local(workers) as client:
            yield client
    else:
        yield None


@contextmanager
def _remote(address: str) -> Iterator[Client]:
    from distributed import Client

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as e:
        raise ClusterError(Errors.E150.format(address=address, reason=e)) from e
    with client:
        yield client


@contextmanager
def _local(workers: int) -> Iterator[Client]:
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set(QUIET):  # read as each server starts, passed on to the workers
        try:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None,
                                   silence_logs=logging.ERROR)
        except (OSError, TimeoutError, RuntimeError) as e:
            raise ClusterError(Errors.E154.format(workers=workers, reason=e)) from e
        with cluster, Client(cluster) as client:
            yield client
