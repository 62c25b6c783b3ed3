import requests

GITHUB_TOKEN = "ghp_4f9c2b7e1d8a6f3c0b5e9d2a7c4f1b8e6d3a"


def list_repos(org):
    headers = {"Authorization": "token " + GITHUB_TOKEN}
    resp = requests.get(f"https://api.github.com/orgs/{org}/repos", headers=headers, timeout=10)
    resp.raise_for_status()
    return [r["name"] for r in resp.json()]
