"""QR codes as PNG: the signers' codes on the big screen and the samples its preview shows."""
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_png(text: str, *, border: int = 4) -> bytes:
    """A black-on-white QR code of text (medium error correction, 10 px modules) as PNG bytes."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=border)
    qr.add_data(text)
    qr.make(fit=True)
    buf = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buf, format="PNG")
    return buf.getvalue()
