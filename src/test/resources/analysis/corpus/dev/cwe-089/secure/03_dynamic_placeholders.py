def fetch_products(conn, product_ids):
    placeholders = ", ".join("?" for _ in product_ids)
    query = f"SELECT id, name, price FROM products WHERE id IN ({placeholders})"
    cur = conn.cursor()
    cur.execute(query, list(product_ids))
    return cur.fetchall()
