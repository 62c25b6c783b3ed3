import os
import pickle

CACHE_FILE = os.path.join(os.path.dirname(__file__), "embeddings_cache.pkl")


def load_cache():
    # The cache is written by this program only; no outside data is unpickled.
    if not os.path.exists(CACHE_FILE):
        return {}
    with open(CACHE_FILE, "rb") as fh:
        return pickle.load(fh)
