"""The stage geometry the editor, the screen and the server share: the automatic arrangement never overlaps."""
import pytest

from backend.lib import stage_geometry as g


def _boxes(seats, logos, roles):
    boxes = {s["participant_id"]: g.box(s["x"], s["y"], g.card_size(roles[s["participant_id"]])) for s in seats}
    boxes |= {f"logo:{lg['enterprise_name']}": g.box(lg["x"], lg["y"], g.logo_size()) for lg in logos}
    return boxes


@pytest.mark.parametrize("signers", range(2, 9))
@pytest.mark.parametrize("observers", range(0, 5))
@pytest.mark.parametrize("enterprises", [2, 4])
def test_the_automatic_arrangement_keeps_every_box_on_the_stage_and_clear(signers, observers, enterprises):
    people = [("h", "host")] + [(f"s{i}", "signer") for i in range(signers)] + [(f"o{i}", "observer")
                                                                              for i in range(observers)]
    names = [f"企业{i}" for i in range(min(enterprises, signers))]
    seats, logos = g.arrange(people, names)
    roles = dict(people)
    assert {s["participant_id"] for s in seats} == set(roles) and [lg["enterprise_name"] for lg in logos] == names
    for s in seats:
        assert g.fits(s["x"], s["y"], g.card_size(roles[s["participant_id"]])), s
    for lg in logos:
        assert g.fits(lg["x"], lg["y"], g.logo_size()), lg
    assert g.overlaps(_boxes(seats, logos, roles)) == []


def test_an_overlap_names_both_boxes_and_a_covered_zone():
    seats = [{"participant_id": "a", "x": 0.3, "y": 0.5}, {"participant_id": "b", "x": 0.35, "y": 0.5}]
    found = g.overlaps(_boxes(seats, [], {"a": "signer", "b": "signer"}))
    assert ("a", "b") in found and ("b", "zone:preview") in found and ("a", "zone:preview") not in found
    # The banner's dock is reserved where the organizer chose it.
    corner = {"c": g.box(0.1, 0.9, g.card_size("observer"))}
    assert g.overlaps(corner, banner="bottom") == [] and g.overlaps(corner, banner="left") == [("c", "zone:banner")]


def test_the_allowed_range_is_exactly_where_a_box_fits():
    size = g.card_size("signer")
    (x0, x1), (y0, y1) = g.allowed_range(size)
    assert g.fits(x0, y0, size) and g.fits(x1, y1, size)
    assert not g.fits(x0 - 0.002, 0.5, size) and not g.fits(0.5, y1 + 0.002, size)
