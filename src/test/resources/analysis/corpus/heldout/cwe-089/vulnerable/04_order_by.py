from flask import Flask, request, jsonify
import sqlite3

app = Flask(__name__)


@app.get("/items")
def list_items():
    sort_column = request.args.get("sort", "name")
    conn = sqlite3.connect("inventory.db")
    cur = conn.cursor()
    cur.execute("SELECT id, name, qty FROM items ORDER BY %s" % sort_column)
    rows = cur.fetchall()
    return jsonify(rows)
