"""Where files live: the filesystem under DATA_DIR by default."""
import os
import secrets
from pathlib import Path, PurePosixPath


class FileStore:
    """Stores blobs under a root folder by opaque keys; writes are atomic."""

    def __init__(self, root: str):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.root = self.root.resolve()

    def put(self, data: bytes, *, prefix: str, suffix: str) -> str:
        """Write data under a new key and return the key."""
        key = f"{prefix}/{secrets.token_hex(12)}{suffix}"
        self.write(key, data)
        return key

    def write(self, key: str, data: bytes) -> None:
        """Write data under a chosen key, atomically: readers see the old file or the whole new one."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Per-process temp name: two workers may fill the same cache key at once.
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)

    def cached(self, key: str, make) -> bytes:
        """The blob under key, made by make() and stored on first use (a cache every worker shares)."""
        path = self.path(key)
        if path.exists():
            return path.read_bytes()
        data = make()
        self.write(key, data)
        return data

    def get(self, key: str) -> bytes:
        """Read the blob stored under key."""
        return self.path(key).read_bytes()

    def path(self, key: str) -> Path:
        """The file behind a key; keys never escape the root."""
        # A lexical check: the store itself never makes symlinks, and resolving would cost a
        # system call per path component on every read and write.
        parts = PurePosixPath(key).parts
        if not parts or key.startswith("/") or "\\" in key or any(p in ("..", ".") for p in parts) or "\0" in key:
            raise ValueError("storage key escapes the store")
        return self.root.joinpath(*parts)
