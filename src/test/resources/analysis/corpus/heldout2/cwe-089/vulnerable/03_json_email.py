from flask import Flask, request, jsonify
import psycopg2
import os

app = Flask(__name__)


@app.route("/api/user", methods=["POST"])
def api_user():
    email = request.get_json()["email"]
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    cursor = conn.cursor()
    cursor.execute("SELECT id, name FROM users WHERE email = '" + email + "' AND active = 1")
    return jsonify(cursor.fetchone())
