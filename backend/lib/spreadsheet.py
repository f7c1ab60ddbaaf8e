"""CSV that Excel opens as it should: UTF-8 with a byte-order mark (or Chinese turns to mojibake), CRLF rows,
and no cell that Excel would run as a formula."""
import csv
import io

BOM = "\ufeff"
# A cell starting with one of these is a formula to Excel (and to LibreOffice, Numbers, Sheets): a
# meeting called "=HYPERLINK(...)" must stay text. OWASP's advice: a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """One value as a cell's text: empty for None, formulas defused."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def excel_csv(header: list[str], rows) -> bytes:
    """The table as CSV bytes for Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return (BOM + out.getvalue()).encode("utf-8")
