def search_posts(db, tags):
    sql = "SELECT id, title FROM posts WHERE 1=0"
    for tag in tags:
        sql += " OR tag = '" + tag + "'"
    cur = db.cursor()
    cur.execute(sql)
    return [r[1] for r in cur.fetchall()]
