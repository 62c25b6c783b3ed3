import json


def parse_order(body):
    data = json.loads(body)
    if not isinstance(data, dict) or "items" not in data:
        raise ValueError("invalid order")
    return [(i["sku"], int(i["qty"])) for i in data["items"]]
