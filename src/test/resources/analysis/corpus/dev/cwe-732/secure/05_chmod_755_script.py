import os


def install_hook(hook_path, script):
    with open(hook_path, "w") as fh:
        fh.write(script)
    os.chmod(hook_path, 0o755)
