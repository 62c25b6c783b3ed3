import os

CACHE_DIR = os.path.expanduser("~/.cache/myapp")


def ensure_cache():
    os.makedirs(CACHE_DIR, mode=0o750, exist_ok=True)
    return CACHE_DIR
