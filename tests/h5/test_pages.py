"""The H5 shells, the verify page and their assets are served; nothing outside them is."""
import pytest


@pytest.mark.parametrize("url, script", [
    ("/h5/s/AbCdEf0123456789AbCdEf01", "/h5/assets/signer/app.js"),
    ("/h5/activate/some-activation-token", "/h5/assets/activate/activate.js"),
    ("/verify", "/h5/assets/verify/verify.js"),
    ("/h5/copy/AbCdEf0123456789AbCdEf0123456789", "/h5/assets/copy/copy.js"),
])
def test_shells_are_served(client, url, script):
    res = client.get(url)
    assert res.status_code == 200 and res.mimetype == "text/html"
    html = res.get_data(as_text=True)
    assert script in html and 'lang="zh-CN"' in html
    assert res.headers["Cache-Control"] == "no-store"
    assert client.get(script).status_code == 200


@pytest.mark.parametrize("url", [
    "/h5/assets/common/api.js", "/h5/assets/common/base.css", "/h5/assets/signer/pad.js",
    "/h5/assets/signer/viewer.js", "/h5/assets/verify/verify.css", "/screen/assets/screen.js",
])
def test_assets_are_served(client, url):
    res = client.get(url)
    assert res.status_code == 200 and len(res.data) > 100


@pytest.mark.parametrize("url", [
    "/h5/assets/vendor/interactjs/interact.min.js", "/h5/assets/admin/x.js", "/h5/assets/common/../../README.md",
    "/h5/assets/signer/%2e%2e/%2e%2e/backend/config.py", "/h5/s/" + "x" * 80,
    "/h5/copy/" + "x" * 80,
])
def test_nothing_else_is_served(client, url):
    assert client.get(url).status_code == 404


def test_every_module_import_resolves(client):
    """Each ES module import points at a file that is served (there is no build step to catch it)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "h5"
    for folder, prefix in (("common", "/h5/assets/common/"), ("signer", "/h5/assets/signer/"),
                           ("activate", "/h5/assets/activate/"), ("verify", "/h5/assets/verify/"),
                           ("copy", "/h5/assets/copy/"), ("screen", "/screen/assets/")):
        for js in (root / folder).glob("*.js"):
            for target in re.findall(r'from "(\.{1,2}/[^"]+)"', js.read_text(encoding="utf-8")):
                url = prefix + target[2:] if target.startswith("./") else prefix.rsplit("/", 2)[0] + target[2:]
                assert client.get(url).status_code == 200, f"{js.name}: {target} -> {url}"
