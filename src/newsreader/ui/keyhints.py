"""The keys as they are bound now (the defaults with the user's `[keymap]` applied), named as the footer
names them (`e`, `^z`, `>`, `⏎`).

The help screen lists them from here, and every message that tells the reader to press a key names it
through `key_of`: a hint written as fixed text ("e plays") is wrong as soon as the key is remapped.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.screen import Screen

from newsreader.ui.textual_private import keymapped_bindings

# id -> (how each of its keys is named, in the order bound; the binding)
Bound = dict[str, tuple[list[str], Binding]]


def bound_keys(screen: Screen[Any]) -> tuple[Bound, Bound]:
    """(the screen's own bindings, the app's), each binding with an id.

    Reads the screen's and the app's own binding maps (with the user keymap applied), not
    `active_bindings`, which lets the focused widget shadow a key (e.g. `down` in a scroll view).
    """
    app = screen.app
    found: tuple[Bound, Bound] = ({}, {})
    for node, bindings_map in keymapped_bindings(screen):
        group = found[1 if node is app else 0]
        for key, key_bindings in bindings_map.key_to_bindings.items():
            for binding in key_bindings:
                if binding.id and not binding.system:
                    names, _ = group.setdefault(binding.id, ([], binding))
                    name = app.get_key_display(binding.with_key(key))
                    if name not in names:
                        names.append(name)
    return found


def key_of(screen: Screen[Any], binding_id: str, prefer: str = "") -> str:
    """The name of the first key bound to `binding_id` on `screen` (its own binding before the app's), or
    of `prefer` while that is one of them (`esc` reads better than `h` for "ends the find"), for a hint;
    the id in angle brackets when the keymap leaves it no key."""
    return bound_key(screen, binding_id, prefer) or f"<{binding_id}>"


def bound_key(screen: Screen[Any], binding_id: str, prefer: str = "") -> str | None:
    """`key_of`, or None where nothing binds `binding_id` (a hint that is only true where it is bound)."""
    for group in bound_keys(screen):
        if binding_id in group and (names := group[binding_id][0]):
            preferred = screen.app.get_key_display(Binding(prefer, "")) if prefer else None
            return preferred if preferred in names else names[0]
    return None
