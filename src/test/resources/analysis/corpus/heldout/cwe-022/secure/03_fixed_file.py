import json
import os

BASE = os.path.dirname(__file__)


def load_settings():
    with open(os.path.join(BASE, "settings.json")) as fh:
        return json.load(fh)
