"""All models, imported here so Alembic and the app see every table."""
from .account import AdminUser, ApiToken  # noqa: F401
from .audit import AuditEvent, Notification  # noqa: F401
from .enterprise import Employee, Enterprise, Seal, SealGrant  # noqa: F401
from .meeting import Control, Document, Meeting, Participant  # noqa: F401
from .signing import FailedAttempt, OneTimeCode, SignatureRecord, SignerSession, SigningJob  # noqa: F401
