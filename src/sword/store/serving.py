"""Who holds a store: `sword serve` leaves a note beside the file it serves.

DuckDB lets one process write a file, and while it does no other process may open it,
not even read-only. The server therefore keeps the file open read-only between writes
(so notebooks and `sword relations`/`shifts` can read it alongside) and takes the write
lock only for the moment of a write. Another process that wants to write cannot while it
serves; the note (`<store>.serving`, JSON: pid, url) lets the error say where the server
is and that its API takes the documents instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def note_path(db: str | Path) -> Path:
    db = Path(db)
    return db.with_name(db.name + ".serving")


def write_note(db: str | Path, url: str) -> Path:
    """Leave the note for `db`, served at `url` by this process."""
    path = note_path(db)
    path.write_text(json.dumps({"pid": os.getpid(), "url": url}), encoding="utf-8")
    return path


def remove_note(db: str | Path) -> None:
    """Take this process's note away (another server's note is left alone)."""
    note = read_note(db)
    if note is not None and note.get("pid") == os.getpid():
        note_path(db).unlink(missing_ok=True)


def read_note(db: str | Path) -> dict[str, Any] | None:
    """The note of the server that serves `db`, or None (none, unreadable, or left by a
    server that is no longer running)."""
    try:
        note = json.loads(note_path(db).read_text(encoding="utf-8"))
        pid = int(note["pid"])
        str(note["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return note if _running(pid) else None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: running
    return True
