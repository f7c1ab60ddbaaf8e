"""PDF engine benchmark: signing cost by contract length, page rendering, memory.

Run: .venv/bin/python bench/pdf_bench.py
Last line: sign_500_over_5=<ratio> (goal <= 1.5: untouched pages should cost nothing).
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


from backend.lib.imaging.seal import generate_seal_png  # noqa: E402
from backend.lib.pdf.ca import PlatformCA  # noqa: E402
from backend.lib.pdf.controls import ControlSpec  # noqa: E402
from backend.lib.pdf.prepare import prepare_pdf  # noqa: E402
from backend.lib.pdf.render import render_page  # noqa: E402
from backend.lib.pdf.sign import FieldValue, SignerIdentity, sign_fields  # noqa: E402

REPEATS = 5


from contracts import contract_pdf  # noqa: E402  (bench/ is on sys.path when run as a script)


def contract(pages: int) -> bytes:
    return contract_pdf(pages)


def controls(pages: int):
    # three signers; seals on the last page, one signer also seals page 1
    return [ControlSpec("a_seal", pages, 0.1, 0.7, 0.25, 0.18, "seal"),
            ControlSpec("a_date", pages, 0.1, 0.9, 0.3, 0.04, "date"),
            ControlSpec("b_seal", pages, 0.6, 0.7, 0.25, 0.18, "seal"),
            ControlSpec("b_seal1", 1, 0.6, 0.1, 0.25, 0.18, "seal"),
            ControlSpec("c_seal", pages, 0.35, 0.45, 0.25, 0.18, "seal")]


SIGNERS = [
    (SignerIdentity("张三", "北京星河科技有限公司"), ["a_seal", "a_date"]),
    (SignerIdentity("李四", "上海月亮贸易有限公司"), ["b_seal", "b_seal1"]),
    (SignerIdentity("王五", "广州太阳能源有限公司"), ["c_seal"]),
]


def sign_all(prepared: bytes, ca, seal: bytes) -> tuple[bytes, list[float]]:
    times, pdf = [], prepared
    for who, names in SIGNERS:
        values = [FieldValue(n, "date" if n.endswith("date") else "seal", None if n.endswith("date") else seal)
                  for n in names]
        t = time.perf_counter()
        pdf = sign_fields(pdf, who, values, ca)
        times.append(time.perf_counter() - t)
    return pdf, times


def main() -> None:
    tmp = tempfile.mkdtemp(prefix="pdfbench-")
    ca = PlatformCA.load_or_create(os.path.join(tmp, "ca"))
    seal = generate_seal_png("北京星河科技有限公司", "合同专用章", kind="contract")
    per_signer: dict[int, float] = {}
    docs: dict[int, bytes] = {}
    print("contract  size_kB  per-signer signing time (median of signers x repeats)")
    for pages in (5, 50, 500):
        original = contract(pages)
        prepared = prepare_pdf(original, controls(pages))
        sign_all(prepared, ca, seal)  # warm-up: imports, font tables
        samples = []
        for _ in range(REPEATS):
            final, times = sign_all(prepared, ca, seal)
            samples.extend(times)
        per_signer[pages] = statistics.median(samples)
        docs[pages] = final
        print(f"{pages:4d} pages {len(original) / 1024:8.0f}  {per_signer[pages] * 1000:7.1f} ms "
              f"(min {min(samples) * 1000:.1f}, max {max(samples) * 1000:.1f})")

    # memory while signing the 500-page contract
    prepared = prepare_pdf(contract(500), controls(500))
    tracemalloc.start()
    sign_all(prepared, ca, seal)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak Python memory while 3 signers sign the 500-page contract: {peak / 2**20:.1f} MiB "
          f"(document {len(prepared) / 2**20:.1f} MiB)")

    # rendering page 1 of the signed 50-page contract at 1000 px
    doc = docs[50]
    cache = os.path.join(tmp, "cache")
    t = time.perf_counter()
    render_page(doc, 1, width=1000, fmt="png", cache_dir=cache)
    cold = time.perf_counter() - t
    t = time.perf_counter()
    for _ in range(20):
        render_page(doc, 1, width=1000, fmt="png", cache_dir=cache)
    cached = (time.perf_counter() - t) / 20
    t = time.perf_counter()
    render_page(doc, 1, width=1000, fmt="jpeg", cache_dir=cache)
    cold_jpeg = time.perf_counter() - t
    print(f"render page 1 @1000px: cold png {cold * 1000:.1f} ms, cold jpeg {cold_jpeg * 1000:.1f} ms, "
          f"cached {cached * 1000:.2f} ms")
    if shutil.which("pdftoppm"):
        path = os.path.join(tmp, "doc.pdf")
        with open(path, "wb") as fh:
            fh.write(doc)
        t = time.perf_counter()
        subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-scale-to-x", "1000", "-scale-to-y", "-1", "-png",
                        "-singlefile", path, os.path.join(tmp, "pp")], check=True)
        print(f"pdftoppm same page @1000px png (incl. process start): {(time.perf_counter() - t) * 1000:.1f} ms")
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"sign_500_over_5={per_signer[500] / per_signer[5]:.2f}")


if __name__ == "__main__":
    main()
