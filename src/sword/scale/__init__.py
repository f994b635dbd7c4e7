"""Scale-out: coding spread over Dask workers, one process or many machines.

    import sword
    from sword.scale import cluster_client

    with cluster_client(workers=2) as client:       # or scheduler="tcp://host:8786"
        sword.ingest(["corpus/"], "sword.duckdb", client=client)
        for coded in sword.code_documents(documents, client=client):
            ...

The driver reads documents lazily, sends them in partitions of whole documents and gets
back events in reading order (`engine`); each worker loads the coder once, in a worker
plugin (`worker`); the driver alone writes files and the DuckDB store. Needs the [dask]
extra.
"""

from sword.extras import require

require("dask")

from sword.scale.cluster import cluster_client  # noqa: E402
from sword.scale.engine import ScaleConfig, code_on_cluster, partitions  # noqa: E402
from sword.scale.worker import CoderPlugin, code_partition  # noqa: E402

__all__ = ["CoderPlugin", "ScaleConfig", "cluster_client", "code_on_cluster", "code_partition",
           "partitions"]
