import datetime
import jwt
from flask import current_app


def issue_token(user_id):
    payload = {"sub": user_id, "exp": datetime.datetime.utcnow() + datetime.timedelta(hours=1)}
    return jwt.encode(payload, current_app.config["JWT_SECRET"], algorithm="HS256")
