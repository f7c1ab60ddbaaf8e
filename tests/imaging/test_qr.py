"""QR codes decode to exactly what they were made of."""
import io

import zxingcpp
from PIL import Image

from backend.lib.imaging.qr import qr_png


def test_a_qr_code_decodes_to_its_text():
    text = "https://sign.example.cn/h5/s/AbC123xyz 签约大屏预览"
    image = Image.open(io.BytesIO(qr_png(text)))
    assert image.format == "PNG"
    [found] = zxingcpp.read_barcodes(image)
    assert found.text == text
