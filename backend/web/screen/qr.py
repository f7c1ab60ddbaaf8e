"""Each signer's QR code: a plain QR of the H5 link, or the mini-program code once WeChat is set up."""
import hashlib

from backend.core.resources import files
from backend.lib.imaging.qr import qr_png as plain_qr_png
from backend.models import Participant
from backend.services.links import signer_link
from backend.services.scene_codes import mini_program_png


def qr_png(participant: Participant) -> bytes:
    """The PNG a signer scans: the mini-program code when the hook gives one, else the H5 link."""
    png = mini_program_png(participant)
    if png:
        return png
    link = signer_link(participant)
    digest = hashlib.sha256(link.encode()).hexdigest()
    return files().cached(f"qr/{digest}.png", lambda: plain_qr_png(link))
