def products_in_category(cur, category):
    query = "SELECT id, name FROM products WHERE category = %(cat)s ORDER BY name"
    cur.execute(query, {"cat": category})
    return cur.fetchall()
