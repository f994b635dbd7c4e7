"""`python -m sword`: the same as the `sword` command."""

from sword.cli import main

main()
