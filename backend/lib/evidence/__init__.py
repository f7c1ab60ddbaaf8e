"""Evidence packages: a completed contract's record that anyone can check offline, with nothing but the package.

A package is a ZIP: the signed PDFs, their originals, the audit trail PDF, `events.jsonl` (every event of
the meeting's audit chain with the fields its links cover, both links and its checkpoint), the platform's
root and issuing CA certificates, the platform's and the signers' event certificates, and `manifest.json`
(format and version, each file's SHA-256, size and kind). layout.py defines it; verify.py checks it;
`python -m backend.lib.evidence verify PACKAGE.zip` runs the check (README: "Evidence packages").

Why the chain can be checked offline without being weakened: each event carries two links over the same
canonical bytes (chain.py). The keyed one (`hash`, an HMAC under a key derived from the server's
SECRET_KEY) stops a database writer; nobody else can recompute it. The public one (`digest`, SHA-256 over
the previous digest and the canonical bytes) anyone can recompute, so by itself it proves nothing; but the
platform signs it, with its certificate, at each checkpoint (booking, each signature, completion; statement
version 2 in backend.lib.attestation.statements). So the package proves: the events recompute to their
digests, and the platform sealed those digests at each checkpoint. Events after the last checkpoint are
in the package but reported as not sealed.

This package imports the standard library, cryptography, asn1crypto and pyHanko (requirements.txt), and
from backend only backend.lib.attestation, backend.lib.coroutines, backend.lib.errors and
backend.lib.pdf.changes, which import nothing else: it runs without the app.
"""
