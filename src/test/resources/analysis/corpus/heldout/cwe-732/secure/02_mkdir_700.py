import os


def make_private_dir(path):
    if not os.path.isdir(path):
        os.mkdir(path, 0o700)
    return path
