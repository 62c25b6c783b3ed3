import subprocess


def make_thumbnail(src, dst):
    subprocess.run(["convert", src, "-resize", "50%", dst], check=True)
    return dst
