from pathlib import Path

ROOT = Path("/srv/data").resolve()


def read_dataset(relative_name):
    target = (ROOT / relative_name).resolve()
    if not target.is_relative_to(ROOT):
        raise ValueError("path escapes the data directory")
    return target.read_text()
