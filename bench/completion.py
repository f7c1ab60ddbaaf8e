"""Last sign -> completed for one meeting signed at once, and the verdicts on its final PDF."""
import subprocess
import time
from pathlib import Path

from figures import log
from signers import sign_burst, wait_completed


def completion(run, meeting: dict, ready: list[dict], out_dir: Path) -> dict:
    """Every signer of the meeting at once; seconds from the last answer to `completed`; the final PDF."""
    res, errors = sign_burst(run.base, ready, run.png, strict=False)
    answered = [r["end"] for r in res if "end" in r]
    if len(answered) < len(ready):
        return {"signers": len(ready), "errors": errors, "seconds": None, "pdf": None}
    seconds = wait_completed(run.org, meeting["id"], max(answered), run.args.complete_timeout)
    pdf = run.org.req("GET", f"/api/contracts/{meeting['id']}/pdf").content
    path = out_dir / f"contract-{len(ready)}-signers.pdf"
    path.write_bytes(pdf)
    log(f"{len(ready)} signers: completed {seconds:.2f}s after the last sign answer; PDF {len(pdf)} bytes")
    return {"signers": len(ready), "errors": errors, "seconds": seconds, "pdf": path,
            "bytes": len(pdf), "original": meeting["original_bytes"]}


def pdfsig(path: Path) -> str:
    """poppler's verdict on every signature (certificates not checked: the platform CA is not in its store)."""
    out = subprocess.run(["pdfsig", "-nocert", str(path)], capture_output=True, text=True, timeout=600).stdout
    total = sum(line.startswith("Signature #") for line in out.splitlines())
    valid = out.count("Signature Validation: Signature is Valid.")
    return f"signatures={total} valid={valid} all_valid={'yes' if total and valid == total else 'NO'}"


def verifier(run, path: Path) -> str:
    """The project's own verifier (POST /api/verify) on the PDF."""
    t = time.perf_counter()
    with open(path, "rb") as fh:
        res = run.org.session.post(run.base + "/api/verify", files={"file": (path.name, fh, "application/pdf")},
                                   timeout=1800)
    seconds = time.perf_counter() - t
    if res.status_code != 200:
        return f"status={res.status_code} ({res.text[:200]}) seconds={seconds:.1f}"
    body = res.json()
    sigs = body.get("signatures", [])
    valid = sum(bool(s.get("valid") and s.get("intact")) for s in sigs)
    return (f"authentic={str(body.get('authentic')).lower()} signatures={len(sigs)} valid={valid} "
            f"problems={len(body.get('problems', []))} seconds={seconds:.1f}")
