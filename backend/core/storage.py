"""Where stored files live: one interface, on the filesystem (the embedded default) or in an S3-compatible store."""
import mimetypes
import os
import secrets
import threading
from pathlib import Path, PurePosixPath

from flask_babel import lazy_gettext as _l

from backend.core.errors import UpstreamUnavailable


class StoredFileMissing(FileNotFoundError):
    """No blob is stored under this key."""


class StorageUnavailable(UpstreamUnavailable):
    """502: the object store could not be reached or refused the request."""

    code = "storage_unavailable"


def check_key(key: str) -> tuple[str, ...]:
    """The parts of a key; refuses keys that would leave the store (a lexical check, no system calls)."""
    parts = PurePosixPath(key).parts
    if not parts or key.startswith("/") or "\\" in key or any(p in ("..", ".") for p in parts) or "\0" in key:
        raise ValueError("storage key escapes the store")
    return parts


class Store:
    """Blobs under opaque keys. A write is atomic: readers see the old blob or the whole new one."""

    def write(self, key: str, data: bytes) -> None:
        """Write data under a chosen key."""
        raise NotImplementedError

    def find(self, key: str) -> bytes | None:
        """The blob under key, or None when there is none."""
        raise NotImplementedError

    def delete(self, key: str) -> None:
        """Remove the blob under key (nothing happens when there is none)."""
        raise NotImplementedError

    def ping(self) -> None:
        """Raise StorageUnavailable unless the store answers (for readiness checks)."""
        raise NotImplementedError

    def keys(self, prefix: str) -> list[str]:
        """Every key under a folder-like prefix (for operations and checks, not request paths)."""
        raise NotImplementedError

    def put(self, data: bytes, *, prefix: str, suffix: str) -> str:
        """Write data under a new key and return the key."""
        key = f"{prefix}/{secrets.token_hex(12)}{suffix}"
        self.write(key, data)
        return key

    def get(self, key: str) -> bytes:
        """Read the blob stored under key; StoredFileMissing when there is none."""
        data = self.find(key)
        if data is None:
            raise StoredFileMissing(key)
        return data

    def exists(self, key: str) -> bool:
        """Whether a blob is stored under key."""
        return self.find(key) is not None

    def cached(self, key: str, make) -> bytes:
        """The blob under key, made by make() and stored on first use (a cache every worker and node shares)."""
        data = self.find(key)
        if data is None:
            data = make()
            self.write(key, data)
        return data


class FileStore(Store):
    """Blobs as files under a root folder."""

    def __init__(self, root: str):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.root = self.root.resolve()

    def write(self, key: str, data: bytes) -> None:
        """Write data under a chosen key, atomically (temp file, fsync, rename)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Per-process temp name: two workers may fill the same cache key at once.
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)

    def find(self, key: str) -> bytes | None:
        """The blob under key, or None."""
        try:
            return self._path(key).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None

    def delete(self, key: str) -> None:
        """Remove the file behind key, if any."""
        self._path(key).unlink(missing_ok=True)

    def ping(self) -> None:
        """The root folder is there and writable."""
        if not os.access(self.root, os.W_OK):
            raise StorageUnavailable(_l("存储目录%(folder)s不可写", folder=str(self.root)))

    def keys(self, prefix: str) -> list[str]:
        """Walk the folder; temp files of writes in progress are not keys."""
        folder = self._path(prefix)
        if not folder.is_dir():
            return []
        return sorted(p.relative_to(self.root).as_posix() for p in folder.rglob("*")
                      if p.is_file() and not p.name.endswith(".tmp"))

    def _path(self, key: str) -> Path:
        # Resolving would cost a system call per path component on every read and write; the store
        # itself never makes symlinks, so the lexical check suffices.
        return self.root.joinpath(*check_key(key))


class S3Store(Store):
    """Blobs as objects in an S3-compatible bucket (AWS, Tencent COS, MinIO…) under a key prefix, through boto3."""

    def __init__(self, bucket: str, prefix: str = "", *, endpoint_url: str | None = None, region: str | None = None,
                 addressing_style: str = "auto"):
        if not bucket:
            raise ValueError("STORAGE_URL s3://bucket/prefix needs a bucket")
        if addressing_style not in ("auto", "path", "virtual"):
            raise ValueError("S3_ADDRESSING_STYLE must be auto, path or virtual")
        self.bucket, self.prefix = bucket, "/".join(check_key(prefix)) + "/" if prefix.strip("/") else ""
        self._settings = dict(endpoint_url=endpoint_url or None, region_name=region or None,
                              addressing_style=addressing_style)
        self._lock = threading.Lock()
        self._client, self._pid = None, None

    @property
    def client(self):
        """The boto3 client of this process (clients are thread-safe, but never shared across a fork)."""
        if self._client is None or self._pid != os.getpid():
            with self._lock:
                if self._client is None or self._pid != os.getpid():
                    import boto3
                    from botocore.config import Config

                    s = self._settings
                    # Credentials come from boto3's usual chain: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
                    # (/ AWS_SESSION_TOKEN), AWS_PROFILE, or the machine's role.
                    self._client = boto3.session.Session().client(
                        "s3", endpoint_url=s["endpoint_url"], region_name=s["region_name"],
                        config=Config(s3={"addressing_style": s["addressing_style"]}, connect_timeout=5,
                                      read_timeout=60, retries={"mode": "standard", "max_attempts": 4},
                                      max_pool_connections=32))
                    self._pid = os.getpid()
        return self._client

    def _name(self, key: str) -> str:
        return self.prefix + "/".join(check_key(key))

    def _call(self, what: str, key: str, fn):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return fn()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return None
            raise StorageUnavailable(_l("对象存储拒绝了请求（%(action)s %(key)s：%(answer)s）", action=what, key=key,
                                        answer=exc.response.get("Error", {}).get("Code"))) from exc
        except BotoCoreError as exc:
            raise StorageUnavailable(_l("对象存储不可用（%(reason)s）", reason=type(exc).__name__)) from exc

    def write(self, key: str, data: bytes) -> None:
        """PUT the object: S3 makes it visible whole or not at all."""
        name = self._name(key)
        ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        self._call("write", key, lambda: self.client.put_object(Bucket=self.bucket, Key=name, Body=data,
                                                                 ContentType=ctype))

    def find(self, key: str) -> bytes | None:
        """GET the object, or None when there is none (one request, no HEAD first)."""
        name = self._name(key)
        res = self._call("read", key, lambda: self.client.get_object(Bucket=self.bucket, Key=name))
        if res is None:
            return None
        with res["Body"] as body:
            return body.read()

    def exists(self, key: str) -> bool:
        """HEAD the object."""
        name = self._name(key)
        return self._call("check", key, lambda: self.client.head_object(Bucket=self.bucket, Key=name)) is not None

    def delete(self, key: str) -> None:
        """DELETE the object (S3 answers the same whether it was there or not)."""
        name = self._name(key)
        self._call("delete", key, lambda: self.client.delete_object(Bucket=self.bucket, Key=name))

    def keys(self, prefix: str) -> list[str]:
        """List the objects under the prefix, page by page."""
        start = self._name(prefix) + "/"
        found = []

        def walk():
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=start):
                found.extend(obj["Key"][len(self.prefix):] for obj in page.get("Contents", ()))
            return True
        self._call("list", prefix, walk)
        return sorted(found)

    def ping(self) -> None:
        """HEAD the bucket."""
        if self._call("reach", self.bucket, lambda: self.client.head_bucket(Bucket=self.bucket)) is None:
            raise StorageUnavailable(_l("存储桶%(bucket)s不存在", bucket=self.bucket))



def make_store(url: str, *, endpoint_url: str | None = None, region: str | None = None,
               addressing_style: str = "auto") -> Store:
    """The store STORAGE_URL names: `s3://bucket/prefix`, or a filesystem folder."""
    if url.startswith("s3://"):
        bucket, _, prefix = url[len("s3://"):].partition("/")
        return S3Store(bucket, prefix, endpoint_url=endpoint_url, region=region, addressing_style=addressing_style)
    if "://" in url:
        raise ValueError(f"STORAGE_URL must be s3://bucket/prefix or a folder, not {url}")
    return FileStore(url)
