import ast
from flask import Flask, request

app = Flask(__name__)


@app.post("/calc")
def calc():
    values = ast.literal_eval(request.form["values"])
    return {"sum": sum(values)}
