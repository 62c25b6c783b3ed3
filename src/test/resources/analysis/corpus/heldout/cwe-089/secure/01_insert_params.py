def write_log(cursor, message, level):
    cursor.execute(
        "INSERT INTO logs (message, level) VALUES (%s, %s)",
        (message, level),
    )
