"""How the benches speak: progress on stderr, percentiles as the README defines them."""
import statistics
import sys
import time


def log(msg: str) -> None:
    """A progress line on stderr; stdout carries only the figures."""
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def pct(values: list[float], p: int) -> float | None:
    """The p-th percentile, linear interpolation (statistics.quantiles, inclusive); None of nothing."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def ms(seconds: float | None) -> str:
    """Seconds as milliseconds with one decimal, or n/a."""
    return "n/a" if seconds is None else f"{seconds * 1000:.1f}"


def sign_line(phase: dict) -> str:
    """A phase's sign requests: count, p50/p95/max, errors, CPU per answered request by process group."""
    secs = [r["seconds"] for r in phase["results"] if "seconds" in r]
    cpu = " ".join(f"{k}={v:.1f}" for k, v in phase["cpu"].items())
    return (f"sign_requests={len(secs)} sign_p50_ms={ms(pct(secs, 50))} sign_p95_ms={ms(pct(secs, 95))} "
            f"sign_max_ms={ms(max(secs, default=None))} sign_errors={len(phase['errors'])} cpu_ms_per_sign {cpu}"
            + (f" ({'; '.join(sorted(set(phase['errors'])))[:300]})" if phase["errors"] else ""))
