"""The raw store: every fetched file kept once, named by the SHA-256 of its bytes, under OFSTED_WATCH_HOME/raw.

Re-parsing reads from here and never needs the network. Beside the files, one small JSON note per URL keeps
the HTTP validators (ETag, Last-Modified) and the hash of the last body, for conditional requests.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class UrlNote:
    """What the server last said about a URL: enough to ask 'has it changed?' without downloading it."""

    url: str
    sha256: str
    etag: str | None = None
    last_modified: str | None = None


class RawStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._files = root / "sha256"
        self._notes = root / "urls"

    def path(self, sha256: str) -> Path:
        return self._files / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put(self, data: bytes) -> str:
        """Store the bytes (once: the same bytes are never written twice) and return their hash."""
        sha256 = content_hash(data)
        if not self.has(sha256):
            _write_atomically(self.path(sha256), data)
        return sha256

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def note(self, url: str) -> UrlNote | None:
        """The validators of the last good response from this URL, if its body is still in the store."""
        path = self._note_path(url)
        if not path.is_file():
            return None
        note = UrlNote(**json.loads(path.read_text(encoding="utf-8")))
        return note if self.has(note.sha256) else None

    def remember(self, note: UrlNote) -> None:
        _write_atomically(self._note_path(note.url), json.dumps(asdict(note)).encode())

    def _note_path(self, url: str) -> Path:
        return self._notes / f"{content_hash(url.encode())}.json"


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file and rename it into place, so a crash never leaves half a file under the name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
