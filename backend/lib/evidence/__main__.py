"""`python -m backend.lib.evidence verify PACKAGE.zip`: check an evidence package offline; exit 0 when intact.

Exit status: 0 intact, 1 a problem found (the last line names the first), 2 the command could not run
(no such file, wrong arguments).
"""
import argparse
import logging
import sys

from backend.lib.evidence.verify import verify_package


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m backend.lib.evidence",
                                     description="Check a Signstage evidence package with nothing but the package.")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="check a package: exit 0 when intact, 1 naming the first problem")
    verify.add_argument("package", help="the evidence ZIP")
    verify.add_argument("--root-sha256", help="the SHA-256 fingerprint the root CA must have (hex, colons allowed)")
    args = parser.parse_args(argv)
    # pyHanko and its validator log what they find on their way; the report says it once, in order.
    logging.basicConfig(level=logging.CRITICAL)
    try:
        with open(args.package, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        print(f"cannot read {args.package}: {exc.strerror}", file=sys.stderr)
        return 2
    report = verify_package(data, root_sha256=args.root_sha256)
    for line in report.summary:
        print(line)
    for note in report.notes:
        print(f"note: {note}")
    if report.intact:
        print("RESULT: intact — every check passed")
        return 0
    print(f"PROBLEMS ({len(report.problems)}):")
    for n, problem in enumerate(report.problems, start=1):
        print(f"  {n}. {problem}")
    print(f"RESULT: NOT intact — first problem: {report.problems[0]}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
