"""The reader's back/forward history (pure Python, no UI)."""

from __future__ import annotations

import pytest

from newsreader.history import History


def test_back_and_forward_return_the_visits_with_their_scroll() -> None:
    history = History()
    assert history.current is None and history.back() is None
    history.visit("a")
    assert history.current is not None
    history.current.scroll = 12.0  # what the article screen records before it moves on
    history.visit("b")
    back = history.back()
    assert back is not None and (back.url, back.scroll) == ("a", 12.0)
    assert history.back() is None
    forward = history.forward()
    assert forward is not None and forward.url == "b"
    assert history.forward() is None


def test_visiting_from_the_middle_drops_the_forward_part() -> None:
    history = History()
    for url in "abc":
        history.visit(url)
    history.back()
    history.back()
    history.visit("d")
    assert not history.can_go_forward
    assert [history.current.url if history.current else None, len(history)] == ["d", 2]


def test_history_is_bounded() -> None:
    history = History(limit=3)
    for url in "abcde":
        history.visit(url)
    assert len(history) == 3
    while history.back():
        pass
    assert history.current is not None and history.current.url == "c"
    with pytest.raises(ValueError):
        History(limit=0)
