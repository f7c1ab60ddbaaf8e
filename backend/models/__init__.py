"""All models, imported here so Alembic and the app see every table."""
from backend.models.account import AdminUser, ApiToken  # noqa: F401
from backend.models.audit import AuditCheckpoint, AuditEvent, Notification  # noqa: F401
from backend.models.enterprise import Employee, Enterprise, Seal, SealGrant  # noqa: F401
from backend.models.integration import ApiKey, Webhook, WebhookAttempt, WebhookDelivery  # noqa: F401
from backend.models.link import ShortLink  # noqa: F401
from backend.models.meeting import Control, Counterparty, Document, Meeting, Participant  # noqa: F401
from backend.models.signed_copy import CopyLink  # noqa: F401
from backend.models.signing import FailedAttempt, OneTimeCode, SignatureRecord, SignerSession, SigningJob  # noqa: F401
