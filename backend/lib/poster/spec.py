"""What a poster shows, as plain values: the meeting, its date, and each enterprise with its signers."""
import hashlib
import json
from dataclasses import dataclass, field

# Pixel sizes of the PNG; the PDF page has the same numbers in points, so it renders at scale 1.
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
# Bumped whenever the drawing changes, so that posters kept by their fingerprint are drawn again.
DESIGN = 1


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

    def fingerprint(self) -> str:
        """A digest of everything the poster shows (and of its design): the same poster, the same digest."""
        digest = lambda data: hashlib.sha256(data).hexdigest() if data else None  # noqa: E731
        values = {"design": DESIGN, "title": self.title, "date": self.date_text, "headline": self.headline,
                  "eyebrow": self.eyebrow, "background": digest(self.background),
                  "parties": [{"enterprise": p.enterprise, "logo": digest(p.logo), "seal": digest(p.seal),
                               "signers": [[s.name, s.title] for s in p.signers]} for p in self.parties]}
        return hashlib.sha256(json.dumps(values, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
