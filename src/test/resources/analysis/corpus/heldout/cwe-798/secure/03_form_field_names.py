from flask import Flask, request, abort
from werkzeug.security import check_password_hash

app = Flask(__name__)
PASSWORD_FIELD = "password"
USERS = {}


@app.post("/api/login")
def api_login():
    username = request.form.get("username", "")
    password = request.form.get(PASSWORD_FIELD, "")
    stored = USERS.get(username)
    if stored is None or not check_password_hash(stored, password):
        abort(401)
    return {"ok": True}
