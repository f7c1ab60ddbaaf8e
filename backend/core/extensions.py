"""Flask extension singletons, initialised by the application factory."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData

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
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)
