"""Command-line entry points: `flask --app wsgi create-operator | demo | worker | ...`."""
import click
from flask import current_app

from .extensions import db


def register(app) -> None:
    """Add Signstage's commands to the flask CLI."""

    @app.cli.command("create-operator")
    @click.argument("username")
    @click.argument("password")
    def create_operator(username, password):
        """Create a platform operator account."""
        from .services.accounts import create_user
        create_user(username, password, "operator", None)
        db.session.commit()
        click.echo(f"operator {username} created")

    @app.cli.command("demo")
    def demo():
        """Seed demo data (idempotent) and print the logins and links."""
        from .demo import seed
        for line in seed(current_app):
            click.echo(line)
