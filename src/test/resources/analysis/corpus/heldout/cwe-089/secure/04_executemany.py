def import_contacts(conn, contacts):
    rows = [(c["name"], c["phone"]) for c in contacts]
    cur = conn.cursor()
    cur.executemany("INSERT INTO contacts (name, phone) VALUES (?, ?)", rows)
    conn.commit()
    return cur.rowcount
