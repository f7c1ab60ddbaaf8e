"""What a poster shows, as plain values: the meeting, its date, and each enterprise with its signers."""
from dataclasses import dataclass, field

# Pixel sizes of the PNG; the PDF page has the same numbers in points, so it renders at scale 1.
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


@dataclass(frozen=True)
class PosterSigner:
    """A person who signed for an enterprise."""

    name: str
    title: str = ""  # 职务, shown after the name when there is one


@dataclass(frozen=True)
class PosterParty:
    """One enterprise: its name, logo (PNG/JPEG) and the seal it signed with (PNG, transparent)."""

    enterprise: str
    signers: tuple[PosterSigner, ...] = ()
    logo: bytes | None = None  # without one, a name badge is drawn
    seal: bytes | None = None


@dataclass(frozen=True)
class Poster:
    """Everything one poster shows."""

    title: str  # the meeting's name
    date_text: str  # as people read it: 2026年11月25日
    parties: tuple[PosterParty, ...] = field(default_factory=tuple)
    background: bytes | None = None  # the ceremony's stage background, dimmed under the poster's red
    headline: str = "签约成功"
    eyebrow: str = "线上战略签约"
