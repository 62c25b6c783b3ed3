import shlex
import subprocess


def list_directory(path):
    completed = subprocess.run(f"ls -l {shlex.quote(path)}", shell=True, capture_output=True, text=True)
    return completed.stdout
