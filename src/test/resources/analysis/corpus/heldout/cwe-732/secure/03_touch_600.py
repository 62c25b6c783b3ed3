from pathlib import Path


def create_credentials_file(path):
    p = Path(path)
    p.touch(mode=0o600, exist_ok=True)
    return p
