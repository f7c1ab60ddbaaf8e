"""People's names as a shared screen may show them."""


def mask(name: str) -> str:
    """张** — the family name only."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""
