def get_orders_for_customer(cursor, customer_name):
    query = "SELECT * FROM orders WHERE customer = '%s' ORDER BY created_at DESC" % customer_name
    cursor.execute(query)
    return cursor.fetchall()
