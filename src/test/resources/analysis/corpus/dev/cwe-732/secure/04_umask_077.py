import os


def write_private_note(path, text):
    old = os.umask(0o077)
    try:
        with open(path, "w") as fh:
            fh.write(text)
    finally:
        os.umask(old)
