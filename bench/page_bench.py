"""Page images: a signed page of a 50-signer contract, rendered by our path beside pdftoppm.

Run: .venv/bin/python bench/page_bench.py [--signers 50] [--pages 8] [--page N] [--repeats 5]
Last line: render_over_pdftoppm=<ratio> (goal <= 1: our cold render of a signed page is no slower than
poppler's command-line renderer on the same page, process start included).

One run:
  1. an 8-page contract with a seal, a handwriting and a date control per signer (signers spread over
     the first pages, 8 to a page; the last page untouched), prepared, then signed signer by signer through
     backend.lib.pdf.sign.sign_fields with one of two company seals (~a minute for 50 signers);
  2. after one warm-up render of another document (pdfium loaded, as in a running server), the signed
     page that carries the most controls, by our path (render_page: JPEG at 1000 px into an empty disk
     cache, the PDF read from a file first), median of --repeats cold renders, each into a new cache;
  3. `pdftoppm -jpeg -scale-to-x 1000 -scale-to-y -1 -f N -l N` on the same file: wall time of the
     command, median of --repeats;
  4. the cached read, and encode time and size of the same rendered bitmap as PNG (the old format), JPEG
     (ours) and WebP, at 1000 px and at the widths the big screen asks for.
"""

import argparse
import hashlib
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from contracts import contract_pdf  # noqa: E402  (bench/ is on sys.path when run as a script)

from backend.lib.imaging.seal import generate_seal_png  # noqa: E402
from backend.lib.pdf.ca import PlatformCA  # noqa: E402
from backend.lib.pdf.controls import ControlSpec  # noqa: E402
from backend.lib.pdf.prepare import prepare_pdf  # noqa: E402
from backend.lib.pdf.render import JPEG_QUALITY, render_page  # noqa: E402
from backend.lib.pdf.sign import FieldValue, SignerIdentity, sign_fields  # noqa: E402

PER_PAGE = 8  # signers per page: two columns of four
COMPANIES = ("北京星河科技有限公司", "上海月亮贸易有限公司")


def handwriting_png() -> bytes:
    from PIL import Image, ImageDraw
    img = Image.new("RGBA", (600, 240), (255, 255, 255, 0))
    ImageDraw.Draw(img).line([(40, 180), (160, 60), (260, 170), (380, 50), (540, 160)], fill=(20, 20, 20, 255),
                             width=8)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def controls(signers: int, pages: int) -> list[ControlSpec]:
    """Seal, handwriting and date of each signer, in a 2 x 4 grid of slots per page."""
    used = max(1, pages - 1)  # the last page stays untouched
    if signers > used * PER_PAGE:
        raise SystemExit(f"{signers} signers need more than {pages} pages ({PER_PAGE} per page)")
    out = []
    for i in range(signers):
        page, slot = i % used + 1, i // used
        x, y = 0.05 + 0.47 * (slot % 2), 0.05 + 0.23 * (slot // 2)
        out += [ControlSpec(f"s{i}_seal", page, x, y, 0.16, 0.11, "seal"),
                ControlSpec(f"s{i}_sign", page, x + 0.18, y + 0.01, 0.22, 0.07, "signature"),
                ControlSpec(f"s{i}_date", page, x + 0.18, y + 0.09, 0.2, 0.03, "date")]
    return out


def signed_contract(signers: int, pages: int, ca) -> tuple[bytes, bytes]:
    """The prepared contract and its revision after every signer signed."""
    seals = [generate_seal_png(name, "合同专用章", kind="contract") for name in COMPANIES]
    hand = handwriting_png()
    prepared = pdf = prepare_pdf(contract_pdf(pages), controls(signers, pages))
    started = time.perf_counter()
    for i in range(signers):
        who = SignerIdentity(f"签署人{i}", COMPANIES[i % 2])
        pdf = sign_fields(pdf, who, [FieldValue(f"s{i}_seal", "seal", seals[i % 2]),
                                     FieldValue(f"s{i}_sign", "signature", hand),
                                     FieldValue(f"s{i}_date", "date")], ca)
        if (i + 1) % 10 == 0:
            print(f"  signed {i + 1}/{signers} ({time.perf_counter() - started:.0f} s, {len(pdf) / 2**20:.1f} MiB)",
                  flush=True)
    return prepared, pdf


def ours(path: str, sha256: str, page: int, width: int, tmp: str, n: int) -> bytes:
    """Our path, cold: the PDF read from its file and rendered into an empty cache (the hash is the database's)."""
    with open(path, "rb") as fh:
        data = fh.read()
    return render_page(data, page, width=width, fmt="jpeg", cache_dir=os.path.join(tmp, f"cache{n}"), sha256=sha256)


def pdftoppm(path: str, page: int, width: int, out: str) -> None:
    subprocess.run(["pdftoppm", "-jpeg", "-scale-to-x", str(width), "-scale-to-y", "-1", "-f", str(page),
                    "-l", str(page), path, out], check=True)


def timed(fn, repeats: int) -> tuple[float, list[float]]:
    samples = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples), samples


def bitmap(pdf: bytes, page: int, width: int):
    """The page as a PIL image, rendered as render_page renders it (forms drawn)."""
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(pdf)
    doc.init_forms()
    pg = doc[page - 1]
    image = pg.render(scale=width / pg.get_width(), may_draw_forms=True, rev_byteorder=True).to_pil()
    image.load()
    pg.close()
    doc.close()
    return image.convert("RGB")


def encodings(image, repeats: int) -> None:
    formats = [("PNG (compress 6)", {"format": "PNG", "compress_level": 6}),
               (f"JPEG q{JPEG_QUALITY}", {"format": "JPEG", "quality": JPEG_QUALITY}),
               ("WebP q80 method 0", {"format": "WEBP", "quality": 80, "method": 0}),
               ("WebP q80 method 4", {"format": "WEBP", "quality": 80, "method": 4})]
    for label, options in formats:
        best = min(timed(lambda: image.save(io.BytesIO(), **options), repeats)[1])  # noqa: B023
        out = io.BytesIO()
        image.save(out, **options)
        print(f"  {image.width:4d} px  {label:18s} {best * 1000:7.1f} ms  {len(out.getvalue()) / 1024:7.1f} kB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--signers", type=int, default=50)
    ap.add_argument("--pages", type=int, default=8)
    ap.add_argument("--page", type=int, default=1, help="the signed page to render (default 1: the most controls)")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--width", type=int, default=1000)
    args = ap.parse_args()
    if not shutil.which("pdftoppm"):
        raise SystemExit("pdftoppm is missing (Debian: poppler-utils)")
    tmp = tempfile.mkdtemp(prefix="pagebench-")
    try:
        ca = PlatformCA.load_or_create(os.path.join(tmp, "ca"))
        print(f"building: {args.pages}-page contract, {args.signers} signers (seal, handwriting, date each)")
        prepared, signed = signed_contract(args.signers, args.pages, ca)
        path = os.path.join(tmp, "signed.pdf")
        with open(path, "wb") as fh:
            fh.write(signed)
        on_page = sum(1 for c in controls(args.signers, args.pages) if c.page == args.page)
        print(f"signed revision: {len(signed) / 2**20:.2f} MiB; page {args.page} carries {on_page} filled controls")
        render_page(prepared, args.pages, width=args.width, fmt="jpeg")  # warm-up: pdfium loaded

        digest = hashlib.sha256(signed).hexdigest()
        counter = iter(range(10**6))
        mine, mine_samples = timed(lambda: ours(path, digest, args.page, args.width, tmp, next(counter)), args.repeats)
        png, _ = timed(lambda: render_page(open(path, "rb").read(), args.page, width=args.width, fmt="png",
                                           cache_dir=os.path.join(tmp, f"png{next(counter)}"), sha256=digest), args.repeats)
        theirs, their_samples = timed(lambda: pdftoppm(path, args.page, args.width, os.path.join(tmp, "pp")),
                                      args.repeats)
        cache = os.path.join(tmp, "cache0")
        cached, _ = timed(lambda: render_page(b"", args.page, width=args.width, fmt="jpeg", cache_dir=cache,
                                              sha256=digest), args.repeats)
        ms = lambda xs: ", ".join(f"{x * 1000:.0f}" for x in xs)  # noqa: E731
        print(f"cold render of page {args.page} at {args.width} px, JPEG (median of {args.repeats}):")
        print(f"  ours (read + pdfium + encode + cache write) {mine * 1000:7.1f} ms   [{ms(mine_samples)}]")
        print(f"  pdftoppm -jpeg (wall time of the command)   {theirs * 1000:7.1f} ms   [{ms(their_samples)}]")
        print(f"  ours as PNG (what the listings gave before) {png * 1000:7.1f} ms")
        print(f"  ours, cached (a file read)                  {cached * 1000:7.2f} ms")

        print("encode time (best of repeats) and size of the same bitmap:")
        for width in (args.width, 600, 400):
            encodings(bitmap(signed, args.page, width), args.repeats)
        print(f"render_over_pdftoppm={mine / theirs:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
