import psycopg2

DB_HOST = "db.internal"
DB_USER = "reporting"
DB_PASSWORD = "Sup3rS3cret!2023"


def get_connection():
    return psycopg2.connect(host=DB_HOST, user=DB_USER, password=DB_PASSWORD, dbname="reports")
