"""The store, the same tests on the filesystem and on moto's S3 over HTTP: atomic keyed blobs that never leave it."""
import secrets

import pytest

from backend.core.storage import FileStore, S3Store, StorageUnavailable, StoredFileMissing, make_store


@pytest.fixture(params=["filesystem", "s3"])
def store(request, tmp_path):
    if request.param == "filesystem":
        return FileStore(str(tmp_path / "files"))
    endpoint = request.getfixturevalue("s3_endpoint")
    # a prefix of its own per test: tests share the session's bucket
    return make_store(f"s3://signstage-test/t-{secrets.token_hex(6)}", endpoint_url=endpoint, addressing_style="path")


def test_put_write_get_and_cached(store):
    key = store.put(b"pdf bytes", prefix="originals", suffix=".pdf")
    assert key.startswith("originals/") and key.endswith(".pdf") and store.get(key) == b"pdf bytes"
    assert store.put(b"pdf bytes", prefix="originals", suffix=".pdf") != key  # a new key each time
    store.write("cache/a/b.png", b"one")
    assert store.cached("cache/a/b.png", lambda: b"never made") == b"one"
    assert store.cached("cache/new.png", lambda: b"made") == b"made" and store.get("cache/new.png") == b"made"


def test_a_missing_key_reads_as_missing(store):
    assert store.find("seals/none.png") is None and not store.exists("seals/none.png")
    with pytest.raises(StoredFileMissing):
        store.get("seals/none.png")
    with pytest.raises(FileNotFoundError):  # what callers of the old file store caught
        store.get("seals/none.png")


def test_overwrite_exists_and_delete(store):
    store.write("wxacode/release/t.png", b"old")
    store.write("wxacode/release/t.png", b"new")
    assert store.exists("wxacode/release/t.png") and store.get("wxacode/release/t.png") == b"new"
    store.delete("wxacode/release/t.png")
    assert not store.exists("wxacode/release/t.png")
    store.delete("wxacode/release/t.png")  # deleting twice is not an error


def test_large_binary_blobs_round_trip(store):
    data = secrets.token_bytes(6 * 2**20) + bytes(range(256))
    key = store.put(data, prefix="revisions", suffix=".pdf")
    assert store.get(key) == data


def test_keys_lists_a_folder(store):
    made = sorted(store.put(b"x", prefix="revisions", suffix=".pdf") for _ in range(3))
    store.write("revisions-not/a.pdf", b"y")
    assert store.keys("revisions") == made and store.keys("nothing") == []


def test_the_store_answers_a_readiness_check(store):
    store.ping()


@pytest.mark.parametrize("key", ["../outside", "a/../../outside", "/etc/passwd", "", "a\\..\\b", "a\x00b"])
def test_keys_that_would_escape_are_refused(store, tmp_path, key):
    for op in (lambda: store.write(key, b"x"), lambda: store.find(key), lambda: store.delete(key)):
        with pytest.raises(ValueError):
            op()
    assert not (tmp_path / "outside").exists()


def test_filesystem_writes_leave_no_temp_files(tmp_path):
    store = FileStore(str(tmp_path / "files"))
    for i in range(5):
        store.write("cache/x.png", bytes([i]))
    assert [p.name for p in (tmp_path / "files" / "cache").iterdir()] == ["x.png"]


def test_s3_prefixes_keep_deployments_apart(s3_endpoint):
    one = make_store("s3://signstage-test/one", endpoint_url=s3_endpoint)
    two = make_store("s3://signstage-test/two/", endpoint_url=s3_endpoint)
    one.write("seals/a.png", b"one's")
    assert two.find("seals/a.png") is None
    bare = make_store("s3://signstage-test", endpoint_url=s3_endpoint)
    assert bare.get("one/seals/a.png") == b"one's"  # the prefix is a folder of the bucket


def test_a_missing_bucket_is_storage_unavailable_not_a_crash(s3_endpoint):
    store = make_store("s3://no-such-bucket/x", endpoint_url=s3_endpoint)
    with pytest.raises(StorageUnavailable) as err:
        store.write("a.png", b"x")
    assert err.value.status == 502 and err.value.code == "storage_unavailable"
    with pytest.raises(StorageUnavailable):
        store.ping()


def test_storage_url_picks_the_store(tmp_path):
    assert isinstance(make_store(str(tmp_path / "f")), FileStore)
    s3 = make_store("s3://bucket/a/b", endpoint_url="http://127.0.0.1:9", region="ap-shanghai", addressing_style="path")
    assert isinstance(s3, S3Store) and s3.bucket == "bucket" and s3.prefix == "a/b/"
    for bad in ("s3:///prefix", "gs://bucket/x", "s3://bucket/../x"):
        with pytest.raises(ValueError):
            make_store(bad)
    with pytest.raises(ValueError):
        make_store("s3://bucket", addressing_style="sideways")
