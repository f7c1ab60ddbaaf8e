"""Where files live: the filesystem under DATA_DIR by default."""
import os
import secrets
from pathlib import Path


class FileStore:
    """Stores blobs under a root folder by opaque keys; writes are atomic."""

    def __init__(self, root: str):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def put(self, data: bytes, *, prefix: str, suffix: str) -> str:
        """Write data under a new key and return the key."""
        key = f"{prefix}/{secrets.token_hex(12)}{suffix}"
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        return key

    def get(self, key: str) -> bytes:
        """Read the blob stored under key."""
        return self.path(key).read_bytes()

    def path(self, key: str) -> Path:
        """The file behind a key; keys never escape the root."""
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError("storage key escapes the store")
        return path
