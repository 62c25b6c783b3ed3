from flask import Flask, request, jsonify
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True)


@app.route("/lookup")
def lookup():
    name = request.args.get("name", "")
    user = User.query.filter_by(username=name).first()
    return jsonify({"found": user is not None})
