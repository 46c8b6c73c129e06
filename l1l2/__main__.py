"""``python -m l1l2 …``: the same as the ``l1l2`` console script."""

from .cli import entry

entry()
