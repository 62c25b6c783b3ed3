import os


def save_api_key(key_path, key_material):
    with open(key_path, "wb") as fh:
        fh.write(key_material)
    os.chmod(key_path, 0o666)
    return key_path
