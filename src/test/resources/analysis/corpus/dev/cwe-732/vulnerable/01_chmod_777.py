import os


def publish_report(path, content):
    with open(path, "w") as fh:
        fh.write(content)
    os.chmod(path, 0o777)
