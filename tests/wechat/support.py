"""Constants shared by the WeChat tests."""

APPID = "wxtest0123456789"
SECRET = "test-secret-0123456789abcdef"
REDIS_URL = "redis://127.0.0.1:6379/0"
