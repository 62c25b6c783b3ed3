import hashlib
import hmac
import os
import pickle

KEY = os.environ["SESSION_SIGNING_KEY"].encode()


def load_signed(payload, signature):
    expected = hmac.new(KEY, payload, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise ValueError("bad signature")
    return pickle.loads(payload)
