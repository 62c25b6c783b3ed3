from flask import Flask, request, redirect, url_for
import sqlite3

app = Flask(__name__)
DB_PATH = "/srv/app/data.db"


@app.route("/profile/update", methods=["POST"])
def update_profile():
    raw_name = request.form["display_name"]
    cleaned = raw_name.strip()
    user_id = request.form["user_id"]
    statement = "UPDATE profiles SET display_name = '{}' WHERE user_id = {}".format(cleaned, user_id)
    with sqlite3.connect(DB_PATH) as conn:
        conn.execute(statement)
        conn.commit()
    return redirect(url_for("show_profile"))
