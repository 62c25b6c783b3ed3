import sqlite3


def main():
    term = input("Search products: ")
    db = sqlite3.connect("shop.db")
    pattern = "%" + term + "%"
    query = "SELECT name, price FROM products WHERE name LIKE '" + pattern + "'"
    for name, price in db.execute(query):
        print(f"{name}: {price}")


if __name__ == "__main__":
    main()
