"""Command-line entry points: `flask --app wsgi create-operator | demo | worker | ...`."""
import click
from flask import current_app

from backend.core.extensions import db


def register(app) -> None:
    """Add Signstage's commands to the flask CLI."""

    @app.cli.command("create-operator")
    @click.argument("username")
    @click.argument("password")
    def create_operator(username, password):
        """Create a platform operator account."""
        from backend.services.accounts import create_user
        create_user(username, password, "operator", None)
        db.session.commit()
        click.echo(f"operator {username} created")

    @app.cli.command("worker")
    @click.option("--once", is_flag=True, help="Run the due jobs, then exit.")
    def worker(once):
        """Run signing jobs (production runs this beside gunicorn with RUN_WORKER=0)."""
        import threading

        from backend.services import jobs
        if once:
            click.echo(f"{jobs.run_pending()} jobs run")
            return
        click.echo("worker started", err=True)
        jobs.work_forever(current_app._get_current_object(), threading.Event(), poll_seconds=0.5)

    @app.cli.command("retry-jobs")
    @click.option("--meeting", default=None)
    def retry_jobs(meeting):
        """Queue failed signing jobs again."""
        from backend.services import jobs
        click.echo(f"{jobs.retry_failed(meeting)} jobs queued again")

    @app.cli.command("audit-check")
    @click.argument("meeting_id")
    def audit_check(meeting_id):
        """Check a meeting's audit chain (keyed links, platform-signed checkpoints); exit 1 when broken."""
        from backend.models import Meeting
        from backend.services.audit import checkpoints, verify_chain
        if db.session.get(Meeting, meeting_id) is None:
            click.echo(f"no meeting {meeting_id}")
            raise SystemExit(2)
        problems = verify_chain(meeting_id)
        for problem in problems:
            click.echo(problem)
        if problems:
            raise SystemExit(1)
        sealed = checkpoints(meeting_id)
        click.echo(f"audit chain intact: every link verifies with the audit key, {len(sealed)} checkpoints "
                   "with the platform certificate")

    @app.cli.command("demo")
    def demo():
        """Seed demo data (idempotent) and print the logins and links."""
        from backend.demo.seed import seed
        for line in seed(current_app):
            click.echo(line)
