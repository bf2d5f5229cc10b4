"""Where rehearse keeps its data: recordings, history, models."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "rehearse"
HOME_ENV = "REHEARSE_HOME"
MODELS_ENV = "REHEARSE_MODELS"


def data_home() -> Path:
    """The data directory: ``$REHEARSE_HOME`` if set, else the platform's user data dir."""
    explicit = os.environ.get(HOME_ENV)
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def recordings_dir() -> Path:
    return data_home() / "recordings"


def database_path() -> Path:
    return data_home() / "history.sqlite3"


def models_dir() -> Path:
    """Where local speech models are looked up by name.

    ``$REHEARSE_MODELS`` wins; else the ``models/`` folder of a source checkout
    (next to the package), else ``<data home>/models``.
    """
    explicit = os.environ.get(MODELS_ENV)
    if explicit:
        return Path(explicit).expanduser()
    checkout = Path(__file__).resolve().parent.parent / "models"
    if (checkout / "README.md").is_file():
        return checkout
    return data_home() / "models"
