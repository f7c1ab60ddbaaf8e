"""Flask extension singletons, initialised by the application factory."""
import math
import time

from flask_babel import Babel
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData

from backend.core.errors import TooManyRequests

# Stable constraint names so Alembic migrations are the same on SQLite and PostgreSQL.
metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

db = SQLAlchemy(metadata=metadata)
migrate = Migrate(render_as_batch=True)
babel = Babel()
# Checked where a cookie session authenticates a write (admin pages, the API from them); bearer tokens need none.
csrf = CSRFProtect()
# Request-rate limits (storage: Redis when REDIS_URL is set, else this process's memory). The
# client address is the one ProxyFix reads from TRUSTED_PROXIES; no limit applies by default.
def _refuse_over_limit(request_limit) -> None:
    # Our own 429, so the body is the contract's and Retry-After says when this limit lets go. (The
    # extension's own headers would overwrite the Retry-After of the app's domain refusals.)
    wait = max(1, math.ceil(request_limit.reset_at - time.time()))
    raise TooManyRequests(_l("请求过于频繁，请稍后再试"), code="rate_limited",
                          extra={"retry_after": wait})


limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False, on_breach=_refuse_over_limit)
