from pathlib import Path

DATA_DIR = "/srv/userdata"


def read_user_file(user_file):
    return Path(DATA_DIR, user_file).read_bytes()
