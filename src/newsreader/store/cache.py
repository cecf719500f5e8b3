"""Cached article documents, reading positions and reading history (mixed into `Store`)."""

from __future__ import annotations

import json
from typing import Any

from newsreader.store.db import Database, now_iso

HISTORY_KEPT = 1000  # visits; the History screen shows the newest of them, one line per article


class CacheMixin:
    """Articles are stored under every URL they are known by (requested and final after redirects)."""

    _db: Database

    def get_article(self, url: str) -> tuple[dict[str, Any], str] | None:
        """The cached document for `url` and when it was fetched, or None."""
        rows = self._db.query("SELECT doc, fetched FROM articles WHERE url = ?", (url,))
        if not rows:
            return None
        try:
            doc: dict[str, Any] = json.loads(rows[0]["doc"])
        except ValueError:
            return None
        return doc, rows[0]["fetched"]

    def put_article(self, urls: list[str], doc: dict[str, Any]) -> None:
        """Cache `doc` under each of `urls`; its text joins the search index (one row per cached URL)."""
        text = json.dumps(doc, ensure_ascii=False)
        body = doc.get("text") if isinstance(doc.get("text"), str) else ""
        now = now_iso()
        with self._db.tx() as conn:
            for url in dict.fromkeys(urls):
                rowid = conn.execute(
                    "INSERT INTO articles (url, doc, fetched) VALUES (?, ?, ?)"
                    " ON CONFLICT(url) DO UPDATE SET doc = excluded.doc, fetched = excluded.fetched"
                    " RETURNING rowid",
                    (url, text, now),
                ).fetchone()[0]
                conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (rowid,))
                conn.execute("INSERT INTO articles_fts (rowid, text) VALUES (?, ?)", (rowid, body))

    def cached_urls(self, urls: list[str]) -> set[str]:
        """Which of `urls` have a cached article (for prefetch and link marks)."""
        if not urls:
            return set()
        marks = ",".join("?" * len(urls))
        rows = self._db.query(f"SELECT url FROM articles WHERE url IN ({marks})", list(urls))
        return {r[0] for r in rows}

    def get_position(self, url: str) -> float:
        rows = self._db.query("SELECT scroll FROM positions WHERE url = ?", (url,))
        return float(rows[0][0]) if rows else 0.0

    def set_position(self, url: str, scroll: float) -> None:
        with self._db.tx() as conn:
            conn.execute(
                "INSERT INTO positions (url, scroll, updated) VALUES (?, ?, ?)"
                " ON CONFLICT(url) DO UPDATE SET scroll = excluded.scroll, updated = excluded.updated",
                (url, scroll, now_iso()),
            )

    def add_history(self, url: str, title: str | None) -> None:
        """Record a visit; only the newest `HISTORY_KEPT` visits are kept."""
        with self._db.tx() as conn:
            conn.execute(
                "INSERT INTO history (url, title, visited) VALUES (?, ?, ?)",
                (url, title, now_iso()),
            )
            conn.execute(
                "DELETE FROM history WHERE id <= (SELECT id FROM history ORDER BY id DESC LIMIT 1 OFFSET ?)",
                (HISTORY_KEPT,),
            )

    def recent_history(self, limit: int = 200) -> list[tuple[str, str | None, str]]:
        """(url, title, last visited) of the most recently read articles, newest first, each once."""
        rows = self._db.query(
            "SELECT url, title, visited FROM history WHERE id IN (SELECT MAX(id) FROM history GROUP BY url)"
            " ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [(r[0], r[1], r[2]) for r in rows]
