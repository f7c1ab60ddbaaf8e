"""CPU seconds by process group, read from /proc (10 ms ticks: read them over several bursts)."""
import os
import time


def cpu_seconds(match) -> float:
    """CPU seconds of the processes for which match(pid, pgid, comm) is true and their reaped children (/proc)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                raw = fh.read()
        except OSError:
            continue  # gone meanwhile
        comm = raw[raw.index("(") + 1:raw.rindex(")")]
        rest = raw[raw.rindex(")") + 2:].split()  # fields from 3 (state) on
        if match(int(entry), int(rest[2]), comm):
            # utime, stime and the children's that were waited for: backends that exit still count
            total += sum(int(v) for v in rest[11:15]) / tick
    return total


def cpu_snapshot(groups: dict) -> dict:
    """CPU seconds so far per group of processes: the named process groups, the database server, this script."""
    snap = {name: cpu_seconds(lambda pid, pgid, comm, g=pgid_: pgid == g) for name, pgid_ in groups.items()}
    snap["postgres"] = cpu_seconds(lambda pid, pgid, comm: comm.startswith("postgres"))
    snap["client"] = time.process_time()
    return snap
