from pathlib import Path


def create_log(log_path):
    p = Path(log_path)
    p.touch()
    p.chmod(0o777)
    return p
