"""Each signer's QR code: a plain QR of the H5 link, or the mini-program code once WeChat is set up."""
import hashlib
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from backend.core.resources import files
from backend.models import Participant
from backend.services.links import signer_link
from backend.services.scene_codes import mini_program_png


def _plain_png(link: str) -> bytes:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=4)
    qr.add_data(link)
    qr.make(fit=True)
    buf = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buf, format="PNG")
    return buf.getvalue()


def qr_png(participant: Participant) -> bytes:
    """The PNG a signer scans: the mini-program code when the hook gives one, else the H5 link."""
    png = mini_program_png(participant)
    if png:
        return png
    link = signer_link(participant)
    digest = hashlib.sha256(link.encode()).hexdigest()
    return files().cached(f"qr/{digest}.png", lambda: _plain_png(link))
