import os


def open_upload_dir(upload_dir):
    os.makedirs(upload_dir, exist_ok=True)
    os.chmod(upload_dir, 511)
