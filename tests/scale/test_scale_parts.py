"""The parts of the Dask engine that need no cluster: partitions, failures, options."""

from __future__ import annotations

import pickle

import pytest

from sword.config import CoderConfig
from sword.errors import ClusterError, Errors, InputError
from sword.model import Document
from sword.scale import ScaleConfig, cluster_client, partitions
from sword.scale.worker import CoderPlugin, Failure, plugin_name


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
