import os
import psycopg2


def get_connection():
    password = os.environ["DB_PASSWORD"]
    return psycopg2.connect(host="db.internal", user="reporting", password=password, dbname="reports")
