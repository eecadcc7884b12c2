"""All-or-nothing replacement of several files (CSV sources of truth and the database).

One rename is atomic; several are not. A :class:`Transaction` makes a group of renames
behave as one, even if the process is killed (SIGKILL, power cut) at any instant:

1. ``stage``: every new version is written in full beside its target
   (``.<name>.txn-<tag>.new``, same folder so the rename cannot cross file systems) and fsynced.
2. ``commit``: each existing target gets a hard-linked backup (``.<name>.txn-<tag>.old``);
   a journal listing target, staged file and backup is written to a temporary name,
   fsynced and renamed to ``.import-journal.json`` (from here on a crash is rolled back);
   the staged files are renamed over their targets one by one; then the journal is deleted.
   **Deleting the journal is the commit point.** Finally the backups are removed.
3. ``recover`` (run under the lock before every import or undo, and when the Add data page
   opens): a leftover journal means the commit did not finish, so every target is put back
   from its backup (targets that did not exist before are removed) and the journal is
   deleted: the files are byte-for-byte as they were before the interrupted operation.
   Without a journal, stray ``.txn-`` files from an interrupted staging step are deleted.

A crash before the journal exists leaves the targets untouched (only stray staged files,
which ``recover`` removes); a crash after the journal is deleted leaves the new versions in
place (only stray backups). Nothing in between is ever visible after ``recover``.

Concurrency: ``locked(folder)`` takes an exclusive ``flock`` on the data folder itself; the
kernel drops it when a process dies, so a killed import never leaves a stale lock behind.

Test hook: if the environment variable ``PROBATION_IMPORT_PAUSE_AT`` names a step
(``staged``, ``journal``, ``renamed-1``, ``renamed-2``…, ``committed``), the process prints
``PAUSED <step>`` and sleeps there, so a test can kill it at exactly that point.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
import time
from pathlib import Path

JOURNAL = ".import-journal.json"
MARK = ".txn-"
PAUSE_ENV = "PROBATION_IMPORT_PAUSE_AT"


def pause_point(step: str) -> None:
    """Test hook: stop here (printing a marker) when PROBATION_IMPORT_PAUSE_AT names this step."""
    if os.environ.get(PAUSE_ENV) == step:
        print(f"PAUSED {step}", flush=True)
        sys.stdout.flush()
        while True:  # wait to be killed
            time.sleep(60)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


@contextlib.contextmanager
def locked(folder: Path, blocking: bool = True):
    """Exclusive lock on ``folder`` (flock on the directory). Yields True if held."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


class Transaction:
    """Stage new versions of files, then swap them all in, or none of them."""

    def __init__(self, journal_dir: Path, tag: str):
        self.journal_dir = Path(journal_dir)
        self.tag = tag
        self.entries: list[dict] = []

    def staged_path(self, target: Path) -> Path:
        """Where the new version of ``target`` is written (caller writes it, or use stage_bytes)."""
        target = Path(target).resolve()
        path = target.with_name(f".{target.name}{MARK}{self.tag}.new")
        self.entries.append({"target": str(target), "staged": str(path),
                             "backup": str(target.with_name(f".{target.name}{MARK}{self.tag}.old"))})
        return path

    def stage_bytes(self, target: Path, data: bytes) -> None:
        _write_synced(self.staged_path(target), data)

    def _folders(self) -> set[Path]:
        return {Path(e["target"]).parent for e in self.entries} | {self.journal_dir}

    def commit(self) -> None:
        for entry in self.entries:
            staged = Path(entry["staged"])
            if not staged.exists():
                raise FileNotFoundError(f"nothing staged for {entry['target']}")
            with open(staged, "rb") as f:
                os.fsync(f.fileno())
        for folder in self._folders():
            fsync_dir(folder)
        pause_point("staged")
        for entry in self.entries:
            target, backup = Path(entry["target"]), Path(entry["backup"])
            entry["existed"] = target.exists()
            if entry["existed"]:
                try:
                    os.link(target, backup)
                except OSError:  # file system without hard links: a full copy
                    shutil.copyfile(target, backup)
                    with open(backup, "rb") as f:
                        os.fsync(f.fileno())
        for folder in self._folders():
            fsync_dir(folder)
        journal = self.journal_dir / JOURNAL
        tmp = self.journal_dir / f".import-journal{MARK}{self.tag}.tmp"
        _write_synced(tmp, json.dumps({"tag": self.tag, "entries": self.entries}, indent=1).encode())
        os.replace(tmp, journal)
        fsync_dir(self.journal_dir)
        pause_point("journal")
        for i, entry in enumerate(self.entries, start=1):
            os.replace(entry["staged"], entry["target"])
            fsync_dir(Path(entry["target"]).parent)
            pause_point(f"renamed-{i}")
        journal.unlink()  # the commit point
        fsync_dir(self.journal_dir)
        pause_point("committed")
        for entry in self.entries:
            Path(entry["backup"]).unlink(missing_ok=True)

    def abandon(self) -> None:
        """Forget staged files (nothing was committed)."""
        for entry in self.entries:
            Path(entry["staged"]).unlink(missing_ok=True)


def recover(journal_dir: Path, other_dirs=()) -> str | None:
    """Undo an interrupted commit (see module docstring). Call with the lock held.

    Returns a sentence describing what was done, or None if there was nothing to do."""
    journal_dir = Path(journal_dir)
    journal = journal_dir / JOURNAL
    message = None
    folders = {journal_dir, *(Path(d) for d in other_dirs)}
    if journal.exists():
        try:
            plan = json.loads(journal.read_text())
        except ValueError:  # a journal is only ever renamed into place whole; be safe anyway
            plan = {"entries": []}
        for entry in plan["entries"]:
            target, backup = Path(entry["target"]), Path(entry["backup"])
            folders.add(target.parent)
            if backup.exists():
                os.replace(backup, target)
            elif not entry.get("existed", True) and target.exists():
                target.unlink()
            Path(entry["staged"]).unlink(missing_ok=True)
        for folder in folders:
            fsync_dir(folder)
        journal.unlink()
        fsync_dir(journal_dir)
        message = (f"An interrupted import or undo ({plan.get('tag', 'unknown')}) was rolled back; "
                   "the data are as they were before it.")
    for folder in folders:
        if not folder.exists():
            continue
        for stray in folder.iterdir():
            if stray.name.startswith(".") and MARK in stray.name:
                if stray.is_dir():
                    continue
                stray.unlink(missing_ok=True)
    return message
