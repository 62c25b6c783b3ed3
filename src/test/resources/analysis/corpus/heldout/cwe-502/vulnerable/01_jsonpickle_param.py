import jsonpickle


class Cart:
    def __init__(self, items=None):
        self.items = items or []


def cart_from_storage(serialized_cart):
    cart = jsonpickle.decode(serialized_cart)
    return cart
