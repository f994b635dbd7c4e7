"""Every error Sword raises, in one catalogue.

    SwordError
    ├── InputError            a document or line could not be read (skipped in batch runs)
    │   └── UnsupportedInput  a path that is not .txt/.jsonl/.html or a folder
    ├── ModelError            the spaCy pipeline could not be loaded
    ├── MissingExtra          an optional part is used without its extra's packages
    ├── KnowledgeError        a package data file is malformed
    ├── GoldFormatError       a gold file is not in a known format
    ├── DateError             a date value that names no day or period
    ├── OutputError           events could not be written
    │   └── UnknownFormat     an output format Sword does not write
    └── StoreError            the DuckDB store could not be used
        └── StoreLocked       another process holds the database file
"""

from __future__ import annotations


class SwordError(Exception):
    """Base class of all Sword errors."""


class InputError(SwordError):
    """An input item could not be read. `where` is "file:line" when known."""

    def __init__(self, message: str, where: str | None = None) -> None:
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class UnsupportedInput(InputError):
    pass


class ModelError(SwordError):
    pass


class MissingExtra(SwordError, ImportError):
    """An optional part of Sword is used without the packages of its extra."""


class KnowledgeError(SwordError):
    pass


class GoldFormatError(SwordError):
    pass


class DateError(SwordError, ValueError):
    """A date value that is not a day (YYYY-MM-DD) or a period (YYYY-MM, YYYY)."""


class OutputError(SwordError):
    """Events could not be written (an unwritable path, a closed writer, …)."""


class UnknownFormat(OutputError):
    """The output format is not one of FORMATS, or cannot be told from the file name."""


class StoreError(SwordError):
    pass


class StoreLocked(StoreError):
    pass


# Exit codes of the command line (2 is click's own code for a wrong command line).
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_SKIPPED = 3
