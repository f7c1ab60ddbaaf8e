"""Handwritten signatures: the bytes the signer sent are kept; what the contract shows derives from them."""
from backend.core.resources import files
from backend.lib.imaging.handwriting import clean_handwriting
from backend.models import SignatureRecord


def shown_image(record: SignatureRecord) -> bytes:
    """The handwriting as the contract and the big screen show it: trimmed to the ink, transparent."""
    return files().cached(f"handwriting-shown/{record.id}.png",
                          lambda: clean_handwriting(files().get(record.handwriting_key)))
