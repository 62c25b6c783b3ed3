import sqlite3
from flask import Flask, request, jsonify

app = Flask(__name__)


@app.route("/users")
def find_user():
    username = request.args.get("username", "")
    conn = sqlite3.connect("app.db")
    cur = conn.cursor()
    cur.execute(f"SELECT id, email FROM users WHERE username = '{username}'")
    row = cur.fetchone()
    conn.close()
    return jsonify({"user": row})
