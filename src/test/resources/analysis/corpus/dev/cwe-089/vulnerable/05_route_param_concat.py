from flask import Flask
from sqlalchemy import create_engine, text
import os

app = Flask(__name__)
engine = create_engine(os.environ["DATABASE_URL"])


@app.route("/items/<item_id>/delete", methods=["POST"])
def delete_item(item_id):
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM items WHERE id = " + item_id))
    return "", 204
