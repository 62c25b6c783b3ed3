class ProductStore:
    def __init__(self, db):
        self.db = db

    def search(self, term):
        cur = self.db.cursor()
        cur.execute("SELECT id, name FROM products WHERE name LIKE '%%%s%%'" % term)
        return cur.fetchall()
