"""The parts of the Dask engine that need no cluster: partitions, failures, options."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

import pytest

from sword.config import CoderConfig
from sword.errors import ClusterError, Errors, InputError
from sword.model import Document
from sword.scale import ScaleConfig, cluster_client, partitions
from sword.scale.worker import CoderPlugin, Failure, plugin_name, tune_worker


def _docs(*sizes: int) -> list[Document]:
    return [Document(id=f"d{i}", text="x" * size) for i, size in enumerate(sizes)]


def test_scale_partitions_keep_order_and_cut_by_count_and_characters():
    documents = _docs(10, 10, 10, 500, 10, 10, 10)
    parts = list(partitions(iter(documents), ScaleConfig(partition_documents=3,
                                                          partition_chars=400)))
    assert [[d.id for d in part] for part in parts] == [
        ["d0", "d1", "d2"], ["d3"], ["d4", "d5", "d6"]]
    assert list(partitions(iter([]), ScaleConfig())) == []


def test_scale_failure_survives_pickling_with_its_place_and_code():
    error = InputError(Errors.E031.format(doc_id="a", kind="ValueError", reason="bad"),
                       where="news.jsonl:7")
    again = pickle.loads(pickle.dumps(Failure.of(error))).error()
    assert type(again) is InputError
    assert (str(again), again.where, again.code) == (str(error), "news.jsonl:7", "E031")


def test_scale_plugin_travels_without_a_loaded_coder():
    plugin = CoderPlugin(CoderConfig(event_model=False))
    plugin.coder = object()  # as on a worker after setup
    copy = pickle.loads(pickle.dumps(plugin))
    assert copy.coder is None and copy.config == plugin.config
    assert copy.name == plugin_name(CoderConfig(event_model=False)) != plugin_name(CoderConfig())


def test_scale_workers_and_scheduler_exclude_each_other():
    with pytest.raises(ClusterError, match="E153"), cluster_client(2, "tcp://127.0.0.1:1"):
        pass
    with cluster_client() as client:
        assert client is None


def test_scale_cli_refuses_both_workers_and_scheduler(tmp_path):
    from typer.testing import CliRunner

    from sword.cli.main import app

    (tmp_path / "a.txt").write_text("Russia criticised Azerbaijan.", encoding="utf-8")
    result = CliRunner().invoke(app, ["code", str(tmp_path / "a.txt"), "--workers", "2",
                                      "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "E153" in result.output


# Allocates, fills and frees a 4 MB block 200 times; prints the minor page faults.
_HEAP_PROBE = """
import resource, sys
from sword.scale.worker import _restore_heap_thresholds
if sys.argv[1] == "restore":
    _restore_heap_thresholds()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(200):
    block = b"x" * (4 << 20)
    del block
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's heap thresholds")
def test_scale_worker_heap_keeps_freed_blocks_under_dasks_trim_setting():
    env = {**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536",  # what Dask's nanny sets
           "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}

    def faults(mode: str) -> int:
        done = subprocess.run([sys.executable, "-c", _HEAP_PROBE, mode], env=env, check=True,
                              capture_output=True, text=True)
        return int(done.stdout)

    # under Dask's setting each block is mapped afresh and faulted in (1,024 pages)
    assert faults("as-dask-starts-it") > 100 * 1024
    assert faults("restore") < 10 * 1024


def test_scale_worker_tuning_stops_the_stack_sampler_only():
    class Callback:
        def __init__(self) -> None:
            self.running = True
            self.callback_time = 20.0

        def stop(self) -> None:
            self.running = False

    class Worker:
        def __init__(self) -> None:
            self.periodic_callbacks = {name: Callback() for name in (
                "profile", "profile-cycle", "heartbeat", "tick")}

    worker = Worker()
    tune_worker(worker)
    assert {n: c.running for n, c in worker.periodic_callbacks.items()} == {
        "profile": False, "profile-cycle": False, "heartbeat": True, "tick": True}
    # the loop's own timing slowed, the heartbeat left alone
    assert worker.periodic_callbacks["tick"].callback_time == 1000
    assert worker.periodic_callbacks["heartbeat"].callback_time == 20.0
