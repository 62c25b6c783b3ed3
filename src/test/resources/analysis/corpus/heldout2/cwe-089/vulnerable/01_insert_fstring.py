import sqlite3
from flask import Flask, request

app = Flask(__name__)


@app.route("/comments", methods=["POST"])
def add_comment():
    post_id = request.form["post_id"]
    body = request.form["body"]
    conn = sqlite3.connect("blog.db")
    sql = f"INSERT INTO comments (post_id, body) VALUES ({post_id}, '{body}')"
    conn.execute(sql)
    conn.commit()
    return "added", 201
