import os


def save_report(filename, rows):
    with open(filename, "w") as fh:
        for r in rows:
            fh.write(",".join(map(str, r)) + "\n")
    os.chmod(filename, 0o644)
