"""The file store: atomic keyed writes, and keys that cannot leave the store."""
import pytest

from backend.core.storage import FileStore


def test_put_write_get_and_cached(tmp_path):
    store = FileStore(str(tmp_path / "files"))
    key = store.put(b"pdf bytes", prefix="originals", suffix=".pdf")
    assert key.startswith("originals/") and store.get(key) == b"pdf bytes"
    store.write("cache/a/b.png", b"one")
    assert store.cached("cache/a/b.png", lambda: b"never made") == b"one"
    assert store.cached("cache/new.png", lambda: b"made") == b"made" and store.get("cache/new.png") == b"made"
    assert not list((tmp_path / "files").rglob("*.tmp"))


@pytest.mark.parametrize("key", ["../outside", "a/../../outside", "/etc/passwd", "", "a\\..\\b", "a\x00b"])
def test_keys_that_would_escape_are_refused(tmp_path, key):
    store = FileStore(str(tmp_path / "files"))
    with pytest.raises(ValueError):
        store.write(key, b"x")
    assert not (tmp_path / "outside").exists()
