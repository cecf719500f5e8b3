"""One sync of one account: push the queue, pull subscriptions, new entries and state (DESIGN.md, "Sync").

Every step commits on its own (a page of entries with the cursor after it, the subscriptions, the state),
so a failure anywhere leaves what was done stored and the rest for the next sync, which resumes from the
saved cursor. Nothing local is deleted because a server failed; a failure is one `SyncError` line.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newsreader.config import Config
from newsreader.errors import NewsreaderError
from newsreader.fetch import Fetcher
from newsreader.store import Store
from newsreader.store.accounts import QueuedChange
from newsreader.sync.base import Account, Flag, RemoteEntry, RemoteState, SyncClient
from newsreader.sync.records import SyncError
from newsreader.sync.secrets import password_for
from newsreader.text import NAME, shorten


def client_class(kind: str) -> type[SyncClient]:
    """The protocol module of `kind` (imported when an account of that kind is used)."""
    import importlib

    module = importlib.import_module(f"newsreader.sync.{kind}")
    cls: type[SyncClient] = module.CLIENT
    return cls


@dataclass(slots=True)
class SyncResult:
    account: str
    new: int = 0
    pushed: int = 0
    changed: int = 0
    requests: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


async def sync_all(
    store: Store,
    config: Config,
    names: Iterable[str] | None = None,
    *,
    fetcher: Fetcher | None = None,
    interactive: bool = False,
) -> AsyncIterator[SyncResult]:
    """Sync the named accounts (all when None), one after another, yielding one result each."""
    wanted = set(names) if names is not None else None
    own = fetcher is None
    fetcher = fetcher or Fetcher(config)
    try:
        for account in store.accounts():
            if wanted is None or account.name in wanted:
                yield await sync_account(store, fetcher, account, interactive=interactive)
    finally:
        if own:
            await fetcher.aclose()


async def sync_account(
    store: Store, fetcher: Fetcher, account: Account, *, interactive: bool = False
) -> SyncResult:
    """Sync one account; a failure is the result's `error` (one line naming the account)."""
    result = SyncResult(account.name)
    client: SyncClient | None = None
    try:
        async with session(fetcher, account, interactive=interactive) as client:
            await _run(store, client, account, result)
    except NewsreaderError as err:
        result.error = err.message
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as err:
        # A protocol module met a JSON shape it did not expect: the server's answer, not a crash.
        # Made a SyncError for its message: the server's words are cleaned where an error is made.
        what = f"{type(err).__name__}: {shorten(str(err), NAME)}"
        result.error = SyncError(
            f"account {account.name}: unexpected answer from the server ({what})"
        ).message
    finally:
        if client is not None:
            result.requests = client.requests
    await asyncio.to_thread(store.record_sync, account.id, result.error)
    return result


async def _run(store: Store, client: SyncClient, account: Account, result: SyncResult) -> None:
    result.pushed = await push(store, client, account)
    feeds = await client.subscriptions()
    await asyncio.to_thread(store.sync_feeds, account, feeds)
    first = not account.state
    result.new += await _pull_entries(store, client, account)
    if not first:  # the first sync's entries carry their state already
        local = await asyncio.to_thread(store.account_unread, account.id)
        state = await client.state(local)
        await _fetch_missing(store, client, account, state)
        result.changed = await asyncio.to_thread(store.apply_remote_state, account, state)


async def _pull_entries(store: Store, client: SyncClient, account: Account) -> int:
    """Store the pages of new entries as they come, asking for the next page while one is being stored
    (the server's time and ours overlap). Each page is committed with its cursor before the next one."""
    pages = client.entries(dict(account.state))
    ahead: asyncio.Future[tuple[list[RemoteEntry], dict[str, Any]]] = asyncio.ensure_future(anext(pages))
    new = 0
    try:
        while True:
            try:
                page, cursor = await ahead
            except StopAsyncIteration:
                return new
            ahead = asyncio.ensure_future(anext(pages))
            new += await asyncio.to_thread(store.store_remote_entries, account, page, cursor)
            account.state = cursor
    finally:
        if not ahead.done():
            ahead.cancel()
            await asyncio.gather(ahead, return_exceptions=True)
        await pages.aclose()


async def _fetch_missing(store: Store, client: SyncClient, account: Account, state: RemoteState) -> None:
    """Unread or starred entries the server names that no page brought (a server whose "new since" is by
    publication date, or a page boundary that moved) are asked for by id, 50 at a time."""
    named = (state.unread or set()) | (state.starred or set())
    if not named:
        return
    known = await asyncio.to_thread(store.account_keys, account.id)
    missing = sorted(named - known, key=lambda k: (len(k), k))
    for start in range(0, len(missing), 50):
        found = await client.entries_by_id(missing[start : start + 50])
        if not found:
            return
        await asyncio.to_thread(store.store_remote_entries, account, found, account.state)


def _later(server: str, local: str) -> bool:
    try:
        return datetime.fromisoformat(server) > datetime.fromisoformat(local)
    except ValueError:
        return False  # an undated or unreadable server time: the local change stands


def collapse(changes: list[QueuedChange]) -> dict[tuple[Flag, bool], list[QueuedChange]]:
    """The last queued value of each (entry, flag), grouped by what to set: applying these groups gives
    the same result as replaying the queue in order."""
    last: dict[tuple[str, str], QueuedChange] = {}
    for change in changes:
        last[(change.remote_id, change.field)] = change
    groups: dict[tuple[Flag, bool], list[QueuedChange]] = {}
    for change in last.values():
        flag: Flag = "read" if change.field == "read" else "starred"
        groups.setdefault((flag, change.value), []).append(change)
    return groups


async def push(store: Store, client: SyncClient, account: Account) -> int:
    """Send the queued local changes; each accepted batch leaves the queue at once, so a failure part
    way keeps the rest queued, in order, for the next sync."""
    changes = await asyncio.to_thread(store.queued_changes, account.id)
    if not changes:
        return 0
    if dated := await client.dated_changes():
        # The newer change wins: a queued change older than the server's change of that entry is dropped
        # (the server's state then comes down with the rest).
        lost = {c.id for c in changes if c.remote_id in dated and _later(dated[c.remote_id], c.queued)}
        await asyncio.to_thread(store.drop_changes, lost)
        changes = [c for c in changes if c.id not in lost]
    by_key: dict[tuple[str, str], list[int]] = {}
    for change in changes:
        by_key.setdefault((change.remote_id, change.field), []).append(change.id)
    pushed = 0
    for (flag, value), group in collapse(changes).items():
        for start in range(0, len(group), client.page_size):
            batch = group[start : start + client.page_size]
            await client.mark(flag, value, [c.remote_id for c in batch])
            done = [qid for c in batch for qid in by_key[(c.remote_id, c.field)] if qid <= c.id]
            await asyncio.to_thread(store.drop_changes, done)
            pushed += len(batch)
    return pushed


@asynccontextmanager
async def session(
    fetcher: Fetcher, account: Account, *, password: str | None = None, interactive: bool = False
) -> AsyncIterator[SyncClient]:
    """A logged-in client for `account` (password from its source unless given), logged out afterwards."""
    if password is None:
        password = await asyncio.to_thread(password_for, account, interactive=interactive)
    client = client_class(account.kind)(fetcher, account, password)
    await client.login()
    try:
        yield client
    finally:
        try:
            await client.logout()
        except NewsreaderError:
            pass


async def subscribe_on_server(
    store: Store, fetcher: Fetcher, account: Account, url: str, tag: str | None, *, interactive: bool = False
) -> SyncResult:
    """Subscribe to `url` on the account's server (in its category `tag`), then sync the account so the
    feed and its entries arrive. A refusal is a `SyncError`; a failing sync is the result's error."""
    async with session(fetcher, account, interactive=interactive) as client:
        await client.subscribe(url, tag)
    return await sync_account(store, fetcher, account, interactive=interactive)


async def unsubscribe_on_server(
    store: Store, fetcher: Fetcher, url: str, *, interactive: bool = False
) -> bool:
    """Unsubscribe a server feed on its server, then here (only once the server accepted). False when `url`
    is a local subscription (nothing done)."""
    found = await asyncio.to_thread(store.feed_account, url)
    if found is None:
        return False
    account, remote_id = found
    async with session(fetcher, account, interactive=interactive) as client:
        await client.unsubscribe(remote_id)
    await asyncio.to_thread(store.remove_feed, url)
    return True
