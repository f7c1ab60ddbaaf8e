"""SMS (and later WeChat) messages: templates, backends and the outbox."""
