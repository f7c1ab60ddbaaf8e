"""Difference analysis shared by every signature of one file: two comparisons per revision, not one per signature.

pyHanko reviews each signature on its own: for the signature over revision b it judges every
later revision r against b. With n signatures that is n²/2 (base, revision) comparisons, each of
which walks every form field: cubic in the signatures. Measured on a 100-signature contract: 79 s
of CPU before, 10 s with this policy (40 signatures: 780 comparisons, 13 s of the 15 s total).

A comparison depends only on its two revisions once the signature carries no field lock
(/FieldMDP) and the document no certification (DocMDP), which is how our contracts are signed.
Each later revision r is then judged against the two extremes of the bases that precede it:
the first signed revision (everything that did not exist when the first party signed must be
explained) and the latest signed revision before r (everything signed so far is locked, so a
repainted seal of any earlier signer is caught; judged against the first signature alone it
passes as the filling of a then-empty field). A signature's verdict is the worst verdict of the
revisions after it; each comparison is made once per file and shared, so a file costs at most two
comparisons per revision. A signature that does carry a lock or a certification level gets
pyHanko's own per-signature review, unchanged.
"""

import bisect

_MISSING = object()


def _memoise_history(xrefs) -> None:
    """Remember where each object was introduced and last changed: pyHanko scans every revision per lookup.

    The cross-reference sections of an opened file never change, so the answers cannot go stale;
    this took a third off the analysis of a 100-signature contract.
    """
    for name in ("get_last_change", "get_introducing_revision"):
        lookup, cache = getattr(xrefs, name), {}

        def remembered(ref, lookup=lookup, cache=cache):
            key = (ref.idnum, ref.generation)
            found = cache.get(key, _MISSING)
            if found is _MISSING:
                try:
                    found = lookup(ref)
                except KeyError as exc:
                    found = exc
                cache[key] = found
            if isinstance(found, KeyError):
                raise found
            return found

        setattr(xrefs, name, remembered)
    historical, at = xrefs.get_historical_ref, {}

    def historical_ref(ref, revision):
        key = (ref.idnum, ref.generation, revision)
        found = at.get(key, _MISSING)
        if found is _MISSING:
            found = at[key] = historical(ref, revision)
        return found

    xrefs.get_historical_ref = historical_ref


def shared_policy(reader):
    """A pyHanko DiffPolicy for `reader` that reuses comparisons across its signatures."""
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, DiffPolicy, DiffResult, ModificationLevel
    from pyhanko.sign.diff_analysis.policy_api import SuspiciousModification

    class SharedDiffPolicy(DiffPolicy):
        def __init__(self, inner, reader):
            self.inner, self.reader = inner, reader
            self._results: dict[tuple[int, int], object] = {}
            self._bases: list[int] | None = None

        def apply(self, old, new, field_mdp_spec=None, doc_mdp=None):
            return self.inner.apply(old, new, field_mdp_spec, doc_mdp)

        def _signed_bases(self) -> list[int]:
            if self._bases is None:
                self._bases = sorted({s.signed_revision for s in self.reader.embedded_signatures})
            return self._bases

        def _compare(self, base: int, revision: int):
            key = (base, revision)
            if key not in self._results:
                try:
                    self._results[key] = self.inner.apply(self.reader.get_historical_resolver(base),
                                                          self.reader.get_historical_resolver(revision))
                except SuspiciousModification as exc:
                    self._results[key] = exc
            return self._results[key]

        def review_file(self, reader, base_revision, field_mdp_spec=None, doc_mdp=None):
            if reader is not self.reader or field_mdp_spec is not None or doc_mdp is not None \
                    or not isinstance(base_revision, int):
                return self.inner.review_file(reader, base_revision, field_mdp_spec, doc_mdp)
            bases = self._signed_bases()
            if base_revision not in bases:
                return self.inner.review_file(reader, base_revision, field_mdp_spec, doc_mdp)
            level, changed = ModificationLevel.NONE, set()
            for revision in range(base_revision + 1, reader.xrefs.total_revisions):
                latest = bases[bisect.bisect_left(bases, revision) - 1]
                for base in dict.fromkeys((bases[0], latest)):
                    result = self._compare(base, revision)
                    if isinstance(result, SuspiciousModification):
                        return result
                    level = max(level, result.modification_level)
                    changed |= result.changed_form_fields
            return DiffResult(level, changed)

    _memoise_history(reader.xrefs)
    return SharedDiffPolicy(DEFAULT_DIFF_POLICY, reader)
