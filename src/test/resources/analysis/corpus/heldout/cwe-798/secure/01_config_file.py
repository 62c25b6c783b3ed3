import json
import requests


def load_token(path="~/.config/deploy/credentials.json"):
    import os
    with open(os.path.expanduser(path)) as fh:
        return json.load(fh)["token"]


def trigger_deploy(service):
    token = load_token()
    resp = requests.post(f"https://deploy.example.com/api/{service}",
                         headers={"Authorization": f"Bearer {token}"}, timeout=10)
    return resp.status_code
