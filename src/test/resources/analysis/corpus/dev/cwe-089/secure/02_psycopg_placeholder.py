import psycopg2


def get_account_by_email(conn, email):
    with conn.cursor() as cur:
        cur.execute("SELECT id, name FROM accounts WHERE email = %s", (email,))
        return cur.fetchone()
