"""Fixtures of the studio tests: one data home per module, shared by its server and its tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def studio_home(tmp_path_factory):
    return tmp_path_factory.mktemp("studio-home")


@pytest.fixture
def home(studio_home, monkeypatch):
    """Overrides conftest's ``home``: the module's tests see the data home its server uses."""
    monkeypatch.setenv("REHEARSE_HOME", str(studio_home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return studio_home
