from sqlalchemy import text


def orders_since(engine, customer_id, since):
    stmt = text("SELECT id, total FROM orders WHERE customer_id = :cid AND created >= :since")
    with engine.connect() as conn:
        result = conn.execute(stmt, {"cid": customer_id, "since": since})
        return result.fetchall()
