"""Where a platform CA keeps what it issues: the protocol, and its one-machine form, a folder."""
import contextlib
import fcntl
import os
from typing import Protocol


def write_atomically(path: str, data: bytes, mode: int) -> None:
    """Write a file with `mode` through a temp file and a rename: readers never see half of it."""
    tmp = f"{path}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


class CaRecords(Protocol):
    """Where a CA keeps what it makes: the registry of certificates it issued, and its long-lived credentials.

    One machine keeps them in the CA's folder (DirectoryRecords); several machines need one shared place,
    which the application provides (the object store).
    """

    def lock(self) -> contextlib.AbstractContextManager:
        """Serialises the creation of a long-lived credential (may do nothing where last-writer-wins is safe)."""

    def issued(self, serial_hex: str) -> bytes | None:
        """PEM of the issued certificate with this serial (lowercase hex), or None."""

    def record_issued(self, serial_hex: str, cert_pem: bytes) -> None:
        """Keep an issued certificate by serial."""

    def credential(self, stem: str) -> tuple[bytes, bytes] | None:
        """(certificate PEM, key PEM) of a long-lived credential, or None; both written together."""

    def save_credential(self, stem: str, cert_pem: bytes, key_pem: bytes) -> None:
        """Keep a long-lived credential (replacing the previous one)."""

    def forget_credential(self, stem: str) -> None:
        """Drop a long-lived credential so the next use issues a new one (a rotation)."""


class DirectoryRecords:
    """CaRecords in a folder of one machine: issued/<serial>.pem, <stem>.pem and <stem>.key (0600)."""

    def __init__(self, directory: str):
        self.directory = directory
        os.makedirs(os.path.join(directory, "issued"), mode=0o700, exist_ok=True)

    @contextlib.contextmanager
    def lock(self):
        """An exclusive flock: the processes of this machine create a credential once."""
        with open(os.path.join(self.directory, ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def issued(self, serial_hex: str) -> bytes | None:
        """The file issued/<serial>.pem."""
        try:
            with open(os.path.join(self.directory, "issued", f"{serial_hex}.pem"), "rb") as fh:
                return fh.read()
        except FileNotFoundError:
            return None

    def record_issued(self, serial_hex: str, cert_pem: bytes) -> None:
        """Write issued/<serial>.pem."""
        write_atomically(os.path.join(self.directory, "issued", f"{serial_hex}.pem"), cert_pem, 0o644)

    def credential(self, stem: str) -> tuple[bytes, bytes] | None:
        """Read <stem>.pem and <stem>.key."""
        try:
            with open(os.path.join(self.directory, f"{stem}.pem"), "rb") as c, \
                    open(os.path.join(self.directory, f"{stem}.key"), "rb") as k:
                return c.read(), k.read()
        except FileNotFoundError:
            return None

    def save_credential(self, stem: str, cert_pem: bytes, key_pem: bytes) -> None:
        """Write the key, then the certificate (readers hold the lock while both are written)."""
        write_atomically(os.path.join(self.directory, f"{stem}.key"), key_pem, 0o600)
        write_atomically(os.path.join(self.directory, f"{stem}.pem"), cert_pem, 0o644)

    def forget_credential(self, stem: str) -> None:
        """Remove <stem>.pem and <stem>.key."""
        for ext in (".pem", ".key"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(os.path.join(self.directory, stem + ext))


class KeptCredentials:
    """CaRecords whose long-lived credentials, once read, are kept in this process's memory.

    A credential does not change once made, and reading it from a shared store costs a round trip
    (6-16 ms on S3) on every audit checkpoint and every finished contract. A save or forget through
    this object drops what it kept; the CA renews a credential before it expires either way.
    """

    def __init__(self, records: CaRecords):
        self.inner = records
        self._kept: dict[str, tuple[bytes, bytes]] = {}

    def __getattr__(self, name):
        return getattr(self.inner, name)  # e.g. DirectoryRecords.directory

    def lock(self):
        """The inner records' lock."""
        return self.inner.lock()

    def issued(self, serial_hex: str) -> bytes | None:
        """The inner records' entry (not kept: each is read rarely)."""
        return self.inner.issued(serial_hex)

    def record_issued(self, serial_hex: str, cert_pem: bytes) -> None:
        """Recorded in the inner records."""
        self.inner.record_issued(serial_hex, cert_pem)

    def credential(self, stem: str) -> tuple[bytes, bytes] | None:
        """The kept credential, or the inner records' (kept from now on)."""
        if stem not in self._kept:
            found = self.inner.credential(stem)
            if found is None:
                return None
            self._kept[stem] = found
        return self._kept[stem]

    def save_credential(self, stem: str, cert_pem: bytes, key_pem: bytes) -> None:
        """Saved in the inner records, and kept."""
        self.inner.save_credential(stem, cert_pem, key_pem)
        self._kept[stem] = (cert_pem, key_pem)

    def forget_credential(self, stem: str) -> None:
        """Forgotten here and in the inner records."""
        self._kept.pop(stem, None)
        self.inner.forget_credential(stem)
