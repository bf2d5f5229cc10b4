"""Stage packages export their few public names lazily, so importing a stage costs nothing.

``rehearse history`` must not pay for numpy or librosa just because a name it needs sits in
the same stage as one that does (the lean start-up test checks this); librosa itself exports
lazily for the same reason.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_exports(package: str, names: dict[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` that imports ``name`` from ``package.names[name]`` on first use."""

    def __getattr__(name: str) -> object:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
