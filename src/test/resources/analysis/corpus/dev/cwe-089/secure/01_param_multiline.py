import sqlite3
from flask import Flask, request, jsonify

app = Flask(__name__)


@app.route("/users")
def find_user():
    username = request.args.get("username", "")
    sql = (
        "SELECT id, email "
        "FROM users "
        "WHERE username = ?"
    )
    params = (username,)
    conn = sqlite3.connect("app.db")
    cur = conn.cursor()
    cur.execute(sql, params)
    row = cur.fetchone()
    conn.close()
    return jsonify({"user": row})
