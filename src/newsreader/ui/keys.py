"""Every key binding of the app, as data, each with a stable id (DESIGN.md "Default keys").

Users remap by id in `config.toml` (`[keymap] down = "j,down,ctrl+n"`); the same id is shared by every
screen where the action means the same thing, so one line remaps it everywhere. The help screen and the
keymap check both read these lists, so they cannot drift from what the screens actually bind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding, BindingType

GLOBAL_BINDINGS: list[BindingType] = [
    Binding("q", "back", "Back", id="back"),
    Binding("Q", "quit", "Quit", id="quit", show=False),
    Binding("question_mark", "help", "Help", id="help"),
    Binding("R", "refresh_all", "Refresh all", id="refresh-all", show=False),
    Binding("slash", "search", "Search", id="search", show=False),
    Binding("H", "history", "History", id="history", show=False),
    Binding("ctrl+p", "command_palette", "Commands", id="command-palette", show=False, priority=True),
    Binding("ctrl+z", "undo", "Undo", id="undo", show=False),
]
# `u` undoes too where it means nothing else (in lists it is "unread only").
_UNDO = Binding("u,ctrl+z", "app.undo", "Undo", id="undo", show=False)
# First in every screen's footer, so a narrow terminal never cuts it off.
_HELP = Binding("question_mark", "app.help", "Help", id="help")

_MOVE: list[BindingType] = [
    Binding("j,down", "down", "Down", id="down", show=False),
    Binding("k,up", "up", "Up", id="up", show=False),
    Binding("g,home", "top", "Top", id="top", show=False),
    Binding("G,end", "bottom", "Bottom", id="bottom", show=False),
]

FEEDS_BINDINGS: list[BindingType] = [
    _HELP,
    Binding("q", "app.quit", "Quit", id="back"),  # the first screen: back means quit
    *_MOVE,
    Binding("enter,l", "open", "Open", id="open"),
    Binding("n", "next_unread", "Next unread", id="next-unread", show=False),
    Binding("p", "prev_unread", "Previous unread", id="prev-unread", show=False),
    Binding("A", "mark_all_read", "All read", id="mark-all-read"),
    Binding("o", "open_browser", "Open site", id="open-browser", show=False),
    Binding("a", "add_feed", "Add feed", id="add-feed"),
    Binding("r", "refresh_feed", "Refresh", id="refresh-feed"),
    Binding("R", "app.refresh_all", "Refresh all", id="refresh-all"),
    Binding("space", "toggle_fold", "Fold tag", id="toggle-fold", show=False),
    Binding("d", "remove_feed", "Remove feed", id="remove-feed", show=False),
    Binding("e", "rename_feed", "Rename feed", id="rename-feed", show=False),
    Binding("t", "edit_tags", "Edit tags", id="edit-tags", show=False),
    Binding("slash", "app.search", "Search", id="search"),
    Binding("i", "details", "Details", id="feed-details", show=False),
    Binding("K", "kill", "Hide with a rule", id="kill-rule", show=False),
    _UNDO,
]

HEADLINES_BINDINGS: list[BindingType] = [
    _HELP,
    *_MOVE,
    Binding("enter,l", "open", "Open", id="open"),
    Binding("h,escape", "close", "Back", id="close", show=False),
    Binding("n", "next_unread", "Next unread", id="next-unread"),
    Binding("p", "prev_unread", "Previous unread", id="prev-unread", show=False),
    Binding("m", "toggle_read", "Read/unread", id="toggle-read"),
    Binding("A", "mark_all_read", "All read", id="mark-all-read", show=False),
    Binding("s", "star", "Star", id="star"),
    Binding("u", "unread_only", "Unread only", id="unread-only"),
    Binding("o", "open_browser", "Browser", id="open-browser", show=False),
    Binding("a", "add_feed", "Add feed", id="add-feed", show=False),
    Binding("r", "refresh_feed", "Refresh", id="refresh-feed", show=False),
    Binding("F", "filter", "Filter", id="filter", show=False),
    Binding("S", "save_query", "Save as query feed", id="save-query", show=False),
]

ARTICLE_BINDINGS: list[BindingType] = [
    _HELP,
    *_MOVE,
    Binding("space,pagedown", "page_down", "Page down", id="page-down", show=False),
    Binding("b,pageup", "page_up", "Page up", id="page-up", show=False),
    Binding("h,escape", "close", "Back", id="close", show=False),
    Binding("J", "next_article", "Next", id="next-article"),
    Binding("K", "prev_article", "Previous", id="prev-article", show=False),
    Binding("n", "next_unread", "Next unread", id="next-unread", show=False),
    Binding("enter", "follow", "Follow link", id="follow-link"),
    Binding("tab", "next_link", "Next link", id="next-link", show=False),
    Binding("shift+tab", "prev_link", "Previous link", id="prev-link", show=False),
    Binding("greater_than_sign", "read_next", "Read next", id="read-next"),
    Binding("L", "links", "Links", id="links"),
    Binding("slash", "find", "Find", id="find", show=False),
    Binding("N", "prev_match", "Previous match", id="prev-match", show=False),
    Binding("backspace,ctrl+left", "history_back", "History back", id="history-back"),
    Binding("ctrl+right", "history_forward", "History forward", id="history-forward", show=False),
    Binding("o", "open_browser", "Browser", id="open-browser"),
    Binding("e", "play_enclosure", "Play enclosure", id="play-enclosure", show=False),
    Binding("E", "download_enclosure", "Download enclosure", id="download-enclosure", show=False),
    Binding("y", "copy_url", "Copy URL", id="copy-url", show=False),
    Binding("m", "toggle_read", "Read/unread", id="toggle-read", show=False),
    Binding("s", "star", "Star", id="star", show=False),
    Binding("vertical_line", "pipe", "Pipe", id="pipe", show=False),
    Binding("B", "bookmark", "Bookmark", id="bookmark", show=False),
    _UNDO,
]

DETAIL_BINDINGS: list[BindingType] = [
    _HELP,
    *_MOVE,
    Binding("enter,e", "edit", "Edit setting", id="edit-setting"),
    Binding("h,escape", "close", "Back", id="close", show=False),
]

HISTORY_BINDINGS: list[BindingType] = [
    _HELP,
    *_MOVE,
    Binding("enter,l", "open", "Open", id="open"),
    Binding("h,escape", "close", "Back", id="close", show=False),  # the footer's `q Back` says it once
]

DIALOG_BINDINGS: list[BindingType] = [
    Binding("escape", "cancel", "Cancel", id="cancel"),
]


def binding_ids(groups: Iterable[Iterable[BindingType]]) -> set[str]:
    return {b.id for group in groups for b in group if isinstance(b, Binding) and b.id}


KNOWN_IDS: frozenset[str] = frozenset(
    binding_ids(
        [
            GLOBAL_BINDINGS,
            FEEDS_BINDINGS,
            HEADLINES_BINDINGS,
            ARTICLE_BINDINGS,
            DETAIL_BINDINGS,
            HISTORY_BINDINGS,
            DIALOG_BINDINGS,
        ]
    )
)


def split_keymap(keymap: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The usable part of a user keymap, and the ids it names that no binding has (to report once)."""
    known = {k: _key_names(v) for k, v in keymap.items() if k in KNOWN_IDS}
    unknown = sorted(k for k in keymap if k not in KNOWN_IDS)
    return known, unknown


def _key_names(keys: str) -> str:
    """Keys as Textual names them: a named key is lower case ("F1", "Enter", "Ctrl+L" as written in a config
    or a manual bound nothing, silently); a single character keeps its case (`G` is not `g`)."""
    return ",".join(key if len(key) == 1 else key.lower() for key in (k.strip() for k in keys.split(",")))


SCREENS: dict[str, list[BindingType]] = {
    "feeds": FEEDS_BINDINGS,
    "headlines": HEADLINES_BINDINGS,
    "article": ARTICLE_BINDINGS,
    "history": HISTORY_BINDINGS,
}


def keymap_clashes(keymap: Mapping[str, str]) -> list[str]:
    """Keys the user's keymap binds to two different actions on one screen (only one of them would work),
    as one line each: `"m" is both toggle-read and star on the headlines screen`."""
    clashes: list[str] = []
    for screen, group in SCREENS.items():
        owners: dict[str, set[str]] = {}
        # A screen's own default keys shadow the global ones on purpose (`/` finds in the article).
        shadowed = {k.strip() for b in group if isinstance(b, Binding) for k in b.key.split(",")}
        for binding in [*group, *GLOBAL_BINDINGS]:
            if not isinstance(binding, Binding) or not binding.id:
                continue
            is_global = binding in GLOBAL_BINDINGS
            for key in (k.strip() for k in keymap.get(binding.id, binding.key).split(",")):
                if not (is_global and key in shadowed):
                    owners.setdefault(key, set()).add(binding.id)
        for key, ids in owners.items():
            if len(ids) > 1 and ids & set(keymap):
                clashes.append(f"{key!r} is both {' and '.join(sorted(ids))} on the {screen} screen")
    return clashes
