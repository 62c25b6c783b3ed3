from flask import Flask, request, abort
import sqlite3

app = Flask(__name__)


@app.route("/invoice")
def invoice():
    try:
        invoice_id = int(request.args["id"])
    except (KeyError, ValueError):
        abort(400)
    conn = sqlite3.connect("billing.db")
    row = conn.execute(f"SELECT total FROM invoices WHERE id = {invoice_id}").fetchone()
    conn.close()
    if row is None:
        abort(404)
    return {"total": row[0]}
