import redis


def get_cache():
    return redis.Redis(host="cache.internal", port=6379, password="r3dis-pass-2023", db=0)
