"""Saved queries, kill rules, hidden entries and per-feed settings (mixed into `Store`; issue 11).

Expressions are stored as the text the user wrote and parsed by the caller (`newsreader.query`): a rule saved
by one version stays readable by the next even if the parsed form changes. Every list, count and search
leaves hidden entries out (`entry_query`); a hidden entry is also read, so "unread" alone excludes them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from newsreader.errors import UsageError
from newsreader.query import Expr
from newsreader.store.db import Database, now_iso
from newsreader.store.entry_query import entry_query

Action = Literal["hide", "drop"]


@dataclass(frozen=True, slots=True)
class KillRule:
    """`hide`: stored but not shown (reversible); `drop`: never stored. `feed_url` None: every feed."""

    id: int
    expr: str
    action: Action
    feed_url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "expr": self.expr, "action": self.action, "feed": self.feed_url}


class PowerMixin:
    _db: Database

    # -- saved queries (query feeds) ------------------------------------------------------------------

    def saved_queries(self) -> dict[str, str]:
        """Name -> expression text, by name."""
        rows = self._db.query("SELECT name, expr FROM queries ORDER BY lower(name), name")
        return {r[0]: r[1] for r in rows}

    def save_query(self, name: str, expr: str) -> None:
        with self._db.tx() as conn:
            conn.execute(
                "INSERT INTO queries (name, expr, added) VALUES (?, ?, ?)"
                " ON CONFLICT(name) DO UPDATE SET expr = excluded.expr",
                (name, expr, now_iso()),
            )

    def remove_query(self, name: str) -> None:
        with self._db.tx() as conn:
            if conn.execute("DELETE FROM queries WHERE name = ?", (name,)).rowcount == 0:
                raise UsageError(f"no saved query named {name!r}")

    # -- kill rules ------------------------------------------------------------------------------------

    def kill_rules(self) -> list[KillRule]:
        rows = self._db.query("SELECT id, expr, action, feed_url FROM rules ORDER BY id")
        return [KillRule(r[0], r[1], r[2], r[3]) for r in rows]

    def add_kill_rule(
        self, text: str, action: Action, feed_url: str | None = None, *, expr: Expr | None = None
    ) -> tuple[KillRule, int]:
        """Store a rule (`text`, parsed by the caller as `expr`); a hide rule hides what it matches in the
        same transaction. Returns (rule, entries hidden)."""
        with self._db.tx() as conn:
            feed_id = None
            if feed_url is not None:
                row = conn.execute("SELECT id FROM feeds WHERE url = ?", (feed_url,)).fetchone()
                if row is None:
                    raise UsageError(f"not subscribed to {feed_url}")
                feed_id = row[0]
            rule_id = conn.execute(
                "INSERT INTO rules (expr, action, feed_url, added) VALUES (?, ?, ?, ?)",
                (text, action, feed_url, now_iso()),
            ).lastrowid
            hidden = self.hide_matching(expr, feed_id) if action == "hide" and expr is not None else 0
        assert rule_id is not None
        return KillRule(rule_id, text, action, feed_url), hidden

    def remove_kill_rule(self, rule_id: int, rehide: Callable[[], object]) -> KillRule:
        """Remove a rule; when it was a hide rule, show every hidden entry again and call `rehide()` (the
        other hide rules hide theirs again), all in one transaction."""
        with self._db.tx() as conn:
            row = conn.execute(
                "SELECT id, expr, action, feed_url FROM rules WHERE id = ?", (rule_id,)
            ).fetchone()
            if row is None:
                raise UsageError(f"no rule with id {rule_id}")
            conn.execute("DELETE FROM rules WHERE id = ?", (rule_id,))
            rule = KillRule(row[0], row[1], row[2], row[3])
            if rule.action == "hide":
                self.unhide_all()
                rehide()
        return rule

    def hide_matching(self, expr: Expr, feed_id: int | None = None) -> int:
        """Hide the shown, unstarred entries matching `expr` (of one feed, or all); returns how many.

        A hidden entry is also marked read (so unread counts stay index-only); `hidden` remembers whether
        it was read, for `unhide_all`. Starred entries are never hidden: the reader asked to keep them. Nor
        are entries of a synced account's feeds: marking them read would be sent to the server.
        """
        query = entry_query(feed_id=feed_id, filter=expr).where("e.starred = 0").where("f.account_id IS NULL")
        hide = query.update("hidden = CASE WHEN read THEN 2 ELSE 1 END, read = 1")
        with self._db.tx() as conn:
            return len(conn.execute(*hide).fetchall())

    def unhide_all(self) -> int:
        """Show every hidden entry again, with the read state it had when it was hidden."""
        with self._db.tx() as conn:
            return conn.execute(
                "UPDATE entries SET read = CASE hidden WHEN 1 THEN 0 ELSE 1 END, hidden = 0 WHERE hidden <> 0"
            ).rowcount

    def trim_feed(self, feed_id: int, keep: int) -> int:
        """Delete all but the newest `keep` entries of a feed (starred ones stay); returns how many went."""
        with self._db.tx() as conn:
            return conn.execute(
                "DELETE FROM entries WHERE feed_id = ? AND starred = 0 AND id NOT IN"
                " (SELECT id FROM entries WHERE feed_id = ? ORDER BY sort_time DESC, id DESC LIMIT ?)",
                (feed_id, feed_id, keep),
            ).rowcount

    # -- per-feed settings set from the TUI or CLI (config.toml is read by newsreader.feedsettings) -----

    def stored_feed_settings(self) -> dict[str, dict[str, Any]]:
        rows = self._db.query("SELECT url, settings FROM feed_settings")
        out: dict[str, dict[str, Any]] = {}
        for url, text in rows:
            try:
                value = json.loads(text)
            except ValueError:
                continue
            if isinstance(value, dict):
                out[url] = value
        return out

    def set_feed_setting(self, url: str, key: str, value: Any) -> None:
        """Set (or with None, clear) one setting of the feed at `url`."""
        with self._db.tx() as conn:
            row = conn.execute("SELECT settings FROM feed_settings WHERE url = ?", (url,)).fetchone()
            settings = json.loads(row[0]) if row else {}
            if value is None:
                settings.pop(key, None)
            else:
                settings[key] = value
            conn.execute(
                "INSERT INTO feed_settings (url, settings) VALUES (?, ?)"
                " ON CONFLICT(url) DO UPDATE SET settings = excluded.settings",
                (url, json.dumps(settings, sort_keys=True)),
            )

    def feed_of_entry_link(self, url: str) -> tuple[str, list[str]] | None:
        """(feed URL, tags) of the first entry linking `url`: which feed's settings apply to a page."""
        rows = self._db.query(
            "SELECT f.url, f.tags FROM entries e JOIN feeds f ON f.id = e.feed_id WHERE e.link = ?"
            " ORDER BY e.id LIMIT 1",
            (url,),
        )
        return (rows[0][0], json.loads(rows[0][1])) if rows else None

    def last_entry_id(self) -> int:
        """The newest entry id: every entry a later refresh stores has a larger one."""
        return int(self._db.query("SELECT coalesce(max(id), 0) FROM entries")[0][0])

    def entry_ids_after(self, last_id: int) -> list[int]:
        """Shown entries stored after `last_id` (what a refresh brought), newest first."""
        rows = self._db.query(
            "SELECT id FROM entries WHERE id > ? AND hidden = 0 ORDER BY sort_time DESC, id DESC", (last_id,)
        )
        return [r[0] for r in rows]
