import os
import secrets

SECRET_KEY = os.environ.get("SECRET_KEY") or secrets.token_hex(32)
SESSION_COOKIE_SECURE = True
