"""How much work is waiting: signing jobs and messages, for the metrics page and operators."""
from sqlalchemy import func

from backend.core.database import reading
from backend.core.extensions import db
from backend.models import Notification, SigningJob
from backend.models.base import utcnow


def snapshot() -> dict[str, float]:
    """Queued and failed jobs, the oldest queued job's age in seconds, and the messages not yet sent."""
    with reading():
        queued, oldest = (db.session.query(func.count(SigningJob.id), func.min(SigningJob.created_at))
                          .filter(SigningJob.status == "queued").one())
        failed = db.session.query(func.count(SigningJob.id)).filter(SigningJob.status == "failed").scalar()
        outbox = db.session.query(func.count(Notification.id)).filter(Notification.status == "queued").scalar()
    age = (utcnow() - oldest).total_seconds() if oldest else 0.0
    return {"jobs_queued": queued or 0, "jobs_failed": failed or 0, "jobs_oldest_queued_seconds": max(0.0, age),
            "outbox_backlog": outbox or 0}
