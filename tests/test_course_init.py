"""``course init`` and the exchange folder: on a hub, root makes the exchange (mode 1777)
and an instructor, who does not own it, runs ``course init``. That instructor cannot chmod
it, and need not; what ``course init`` says about it must be true."""

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from autograder import commands


def init_args(folder: Path, exchange: Path) -> SimpleNamespace:
    return SimpleNamespace(folder=folder, exchange=str(exchange), db=None, timeout=None,
                           language="en")


@pytest.fixture
def not_owner(monkeypatch):
    """chmod fails as it does for a user who does not own the folder."""
    def refuse(self, mode, **kwargs):
        raise PermissionError(1, "Operation not permitted", str(self))

    monkeypatch.setattr(Path, "chmod", refuse)


def test_an_exchange_root_made_is_used_as_it_is(tmp_path, capsys, not_owner):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    os.chmod(exchange, 0o1777)
    assert commands.init(init_args(tmp_path / "course", exchange)) == 0
    out = capsys.readouterr().out
    assert f"  exchange: {exchange}\n" in out, out


def test_an_exchange_others_cannot_write_is_named_with_the_fix(tmp_path, capsys, not_owner):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    os.chmod(exchange, 0o755)
    assert commands.init(init_args(tmp_path / "course", exchange)) == 0
    out = capsys.readouterr().out
    assert f"{exchange} is not writable by every user" in out, out
    assert f"chmod 1777 {exchange}" in out and "does not exist" not in out, out
