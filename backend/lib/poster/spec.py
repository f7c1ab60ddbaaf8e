"""What a poster shows, as plain values: the meeting, its date, and each enterprise with its signers.

The library knows no locale: a poster's own words are catalogue msgids (PosterText's defaults, Chinese)
that whoever makes the poster translates, one PosterText per language it is shown in (two: bilingual).
"""
import dataclasses
import hashlib
import json
from dataclasses import dataclass, field

from backend.lib.errors import N_

# Pixel sizes of the PNG; the PDF page has the same numbers in points, so it renders at scale 1.
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
# Bumped whenever the drawing changes, so that posters kept by their fingerprint are drawn again.
DESIGN = 2


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
class PosterText:
    """What the poster says in one language: the date as that language writes it, and the poster's own words."""

    date: str = ""  # 2026年11月25日（北京时间） / November 25, 2026 (Beijing time)
    eyebrow: str = N_("线上战略签约")
    headline: str = N_("签约成功")
    date_label: str = N_("签约日期")
    signers: str = N_("签署人  %(names)s")  # an enterprise's signers, the names joined by `separator`
    maker: str = N_("Signstage 线上战略签约 · 纪念海报")
    kind: str = N_("纪念海报")
    separator: str = N_("、")  # between the signers' names
    signer_title: str = N_("%(name)s（%(title)s）")  # a signer with a job title

    def words(self) -> dict[str, str]:
        """The poster's own words (every field but the date), by field name: what a caller translates."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "date"}


@dataclass(frozen=True)
class Poster:
    """Everything one poster shows."""

    title: str  # the meeting's name
    parties: tuple[PosterParty, ...] = field(default_factory=tuple)
    background: bytes | None = None  # the ceremony's stage background, dimmed under the poster's red
    texts: tuple[PosterText, ...] = (PosterText(),)  # one per language, in the order shown

    def fingerprint(self) -> str:
        """A digest of everything the poster shows (and of its design): the same poster, the same digest."""
        digest = lambda data: hashlib.sha256(data).hexdigest() if data else None  # noqa: E731
        values = {"design": DESIGN, "title": self.title, "texts": [dataclasses.asdict(t) for t in self.texts],
                  "background": digest(self.background),
                  "parties": [{"enterprise": p.enterprise, "logo": digest(p.logo), "seal": digest(p.seal),
                               "signers": [[s.name, s.title] for s in p.signers]} for p in self.parties]}
        return hashlib.sha256(json.dumps(values, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
