from flask import Flask, request, jsonify
import sqlite3

app = Flask(__name__)
SORTABLE = ("name", "price", "created")


@app.get("/products")
def products():
    sort_by = request.args.get("sort", "name")
    if sort_by not in SORTABLE:
        sort_by = "name"
    conn = sqlite3.connect("store.db")
    rows = conn.execute(f"SELECT id, name, price FROM products ORDER BY {sort_by}").fetchall()
    return jsonify(rows)
