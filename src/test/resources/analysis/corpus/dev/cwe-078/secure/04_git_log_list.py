import subprocess


def recent_commits(repo_dir, count):
    out = subprocess.check_output(
        ["git", "log", "--oneline", "-n", str(count)],
        cwd=repo_dir,
        text=True,
    )
    return out.splitlines()
