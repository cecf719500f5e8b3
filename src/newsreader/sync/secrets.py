"""Where an account's password comes from: the system keyring, a command (Newsboat's `*-passwordeval`),
or a prompt. The password itself is never written to the database, the config or a log line.
"""

from __future__ import annotations

import getpass
import importlib
import os
import subprocess
import sys
from types import ModuleType

from newsreader.errors import UsageError
from newsreader.sync.records import Account, SyncError

SERVICE = "newsreader"
COMMAND_TIMEOUT = 60.0


def keyring_module() -> ModuleType | None:
    """`keyring`, when it is installed and has a backend that can store a secret (not the fail/null one)."""
    try:
        keyring = importlib.import_module("keyring")
    except ImportError:
        return None
    backend = keyring.get_keyring()
    priority = getattr(backend, "priority", 0)
    if isinstance(priority, int | float) and priority <= 0:
        return None
    return keyring


def save_password(name: str, password: str) -> bool:
    """Put the password in the keyring; False when there is no usable keyring."""
    keyring = keyring_module()
    if keyring is None:
        return False
    try:
        keyring.set_password(SERVICE, name, password)
    except Exception as err:  # noqa: BLE001 - keyring backends raise their own errors
        raise UsageError(f"the system keyring refused the password: {err}") from None
    return True


def forget_password(account: Account) -> None:
    if account.secret != "keyring" or (keyring := keyring_module()) is None:
        return
    try:
        keyring.delete_password(SERVICE, account.name)
    except Exception:  # noqa: BLE001 - already gone, or the backend cannot delete: nothing to keep
        pass


def run_password_command(command: str, name: str, *, interactive: bool = True) -> str:
    """The first line the command prints. Interactive (the CLI), its stderr and a terminal's stdin are
    ours, so a pinentry can talk; otherwise (the TUI owns the terminal) it gets neither."""
    talk = interactive and sys.stdin.isatty()
    try:
        done = subprocess.run(
            command,
            shell=True,
            stdout=subprocess.PIPE,
            stdin=None if talk else subprocess.DEVNULL,
            stderr=None if interactive else subprocess.DEVNULL,
            timeout=COMMAND_TIMEOUT,
            check=False,
            env=os.environ.copy(),
        )
    except subprocess.TimeoutExpired:
        raise SyncError(f"account {name}: the password command ran over {COMMAND_TIMEOUT:g} s") from None
    except OSError as err:
        raise SyncError(f"account {name}: the password command could not run: {err.strerror}") from None
    if done.returncode != 0:
        raise SyncError(f"account {name}: the password command failed (exit status {done.returncode})")
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    if not lines or not lines[0]:
        raise SyncError(f"account {name}: the password command printed nothing")
    return lines[0]


def password_for(account: Account, *, interactive: bool) -> str:
    """The account's password, or a `SyncError` saying how to provide one."""
    if account.secret == "command" and account.password_command:
        return run_password_command(account.password_command, account.name, interactive=interactive)
    if account.secret == "keyring":
        keyring = keyring_module()
        try:
            password = keyring.get_password(SERVICE, account.name) if keyring is not None else None
        except Exception as err:  # noqa: BLE001 - a locked keyring or a backend gone (no D-Bus)
            raise SyncError(f"account {account.name}: the system keyring failed: {err}") from None
        if password is not None:
            return str(password)
        if not interactive:
            raise SyncError(f"account {account.name}: the password is not in the system keyring")
    if interactive and sys.stdin.isatty():
        return getpass.getpass(f"password for {account.username} at {account.url}: ")
    raise SyncError(
        f"account {account.name}: no stored password (add the account with --password-command, or"
        " install `keyring`, or run `newsreader sync` in a terminal)"
    )
